// Words for the API's enum values, status tones, and one line per event for the activity feed.

import { el, humanize, time, duration } from './util.js';

/** Agent status → label, tone (colour family) and a sort rank (most urgent first). */
export const STATUS = {
  RINGING: { label: 'Ringing', tone: 'ring', rank: 1 },
  CONNECTED: { label: 'Talking', tone: 'call', rank: 2 },
  AFTER_CALL_WORK: { label: 'After-call work', tone: 'wrap', rank: 3 },
  RONA: { label: 'RONA (missed)', tone: 'bad', rank: 4 },
  IN_EXTERNAL_CALL: { label: 'In other call', tone: 'call', rank: 5 },
  IN_A_CALL: { label: 'In a Teams call', tone: 'call', rank: 6 },
  PRESENTING: { label: 'Presenting', tone: 'call', rank: 7 },
  NOT_READY: { label: 'Not ready', tone: 'warn', rank: 8 },
  AVAILABLE: { label: 'Available', tone: 'ok', rank: 9 },
  BUSY: { label: 'Busy', tone: 'warn', rank: 10 },
  IN_A_MEETING: { label: 'In a meeting', tone: 'warn', rank: 11 },
  DO_NOT_DISTURB: { label: 'Do not disturb', tone: 'bad', rank: 12 },
  AWAY: { label: 'Away', tone: 'warn', rank: 13 },
  OFFLINE: { label: 'Offline', tone: 'off', rank: 14 },
};

export function statusInfo(status) {
  return STATUS[status] || { label: humanize(status) || 'Unknown', tone: 'off', rank: 99 };
}

/** A status badge: colour, glyph and the word, so colour is never the only signal. */
export function statusBadge(status, extra) {
  const s = statusInfo(status);
  return el('span', { class: 'badge tone-' + s.tone, text: s.label + (extra ? ' ' + extra : ''), title: extra ? s.label + ' ' + extra : s.label });
}

export function badge(text, tone, title) {
  return el('span', { class: 'badge tone-' + tone, text, title: title || text });
}

const AVAILABILITY = {
  AVAILABLE: 'Available',
  AVAILABLE_IDLE: 'Available (idle)',
  AWAY: 'Away',
  BE_RIGHT_BACK: 'Be right back',
  BUSY: 'Busy',
  BUSY_IDLE: 'Busy (idle)',
  DO_NOT_DISTURB: 'Do not disturb',
  OFFLINE: 'Offline',
  PRESENCE_UNKNOWN: 'Presence unknown',
  UNKNOWN: 'Unknown',
};

const ACTIVITY = {
  AVAILABLE: 'Available',
  AWAY: 'Away',
  BE_RIGHT_BACK: 'Be right back',
  BUSY: 'Busy',
  DO_NOT_DISTURB: 'Do not disturb',
  IN_A_CALL: 'In a call',
  IN_A_CONFERENCE_CALL: 'In a conference call',
  INACTIVE: 'Inactive',
  IN_A_MEETING: 'In a meeting',
  OFFLINE: 'Offline',
  OFF_WORK: 'Off work',
  OUT_OF_OFFICE: 'Out of office',
  PRESENCE_UNKNOWN: 'Presence unknown',
  PRESENTING: 'Presenting',
  URGENT_INTERRUPTIONS_ONLY: 'Urgent interruptions only',
  FOCUSING: 'Focusing',
  UNKNOWN: 'Unknown',
};

export const GROUP = {
  AVAILABLE: 'Available',
  BUSY: 'Busy',
  IN_A_MEETING: 'Busy – in a meeting',
  DO_NOT_DISTURB: 'Do not disturb',
  AWAY: 'Away',
  OFFLINE: 'Offline',
  IN_A_CALL: 'In a call',
  PRESENTING: 'Presenting',
};

export function availabilityLabel(v) {
  return AVAILABILITY[v] || humanize(v);
}

export function activityLabel(v) {
  return ACTIVITY[v] || humanize(v);
}

/**
 * What Teams says, as a person reads it: "Busy – In a meeting" for detailed presence, "Busy" for
 * coarse presence (the activity is not visible from outside), "No presence" without any.
 */
export function presenceText(p) {
  if (!p) return 'No presence';
  let s = availabilityLabel(p.availability);
  if (p.fidelity === 'DETAILED' && p.activity && p.activity !== p.availability && p.activity !== 'UNKNOWN') {
    s += ' – ' + activityLabel(p.activity);
  }
  if (p.outOfOffice) s += ', out of office';
  return s;
}

export function fidelityTag(p) {
  if (!p) return el('span', { class: 'tag', text: 'none', title: 'No presence from any source' });
  return p.fidelity === 'DETAILED'
    ? el('span', { class: 'tag tag-detailed', text: 'detailed', title: 'Detailed presence: availability and activity (in a call, in a meeting, …)' })
    : el('span', { class: 'tag tag-coarse', text: 'coarse', title: 'Coarse presence: availability only, as seen from outside the organisation' });
}

export const LAYER = { 1: 'Presence', 2: 'Participation', 3: 'Skills', 4: 'Switchboard state' };

/** What a supervisor can do about a reason, where the console offers it. */
export const REASON_HINT = {
  RONA: 'Reset RONA to make the agent selectable now.',
  OFF_DUTY: 'Choose a duty profile to put the agent on duty.',
  INACTIVE_IN_SERVICE: 'Switch the agent active in this service.',
  NOT_READY: 'Set the agent ready when they are back.',
  AFTER_CALL_WORK: 'End the after-call work early if the agent has finished.',
  PRESENCE_BUSY_COARSE: 'Only coarse presence is available: check presence tracking health.',
  PRESENCE_OFFLINE: 'The agent is signed out of Teams, appears offline, or no presence source reports them.',
};

/** The same hints, worded for the agent in the agent view. */
export const AGENT_HINT = {
  RONA: 'Press “I\'m back: reset RONA” when you are ready for calls again.',
  OFF_DUTY: 'Choose a duty profile to go on duty.',
  INACTIVE_IN_SERVICE: 'Tick “active” to take calls of this service.',
  NOT_READY: 'Set yourself ready when you are back.',
  AFTER_CALL_WORK: 'End after-call work when you have finished.',
  PRESENCE_BUSY_COARSE: 'Only your coarse Teams presence is known right now, and Busy might be a call; calls resume when detailed presence returns or you are Available.',
  PRESENCE_OFFLINE: 'Sign in to Teams (or stop appearing offline) to get calls.',
  PRESENCE_DO_NOT_DISTURB: 'Do not disturb holds calls back: change your Teams status.',
  PRESENCE_AWAY: 'Teams shows you as away: change your Teams status to Available.',
};

export const PRIORITY = { LOW: 'Low', NORMAL: 'Normal', HIGH: 'High', STRICT: 'Strict' };

export const CALL_STATUS = {
  WAITING: { label: 'Waiting', tone: 'warn' },
  RINGING: { label: 'Ringing', tone: 'ring' },
  CONNECTED: { label: 'Talking', tone: 'call' },
  ENDED: { label: 'Ended', tone: 'off' },
};

export const OUTCOME = {
  COMPLETED: { label: 'Completed', tone: 'ok' },
  ABANDONED: { label: 'Abandoned', tone: 'bad' },
  OVERFLOWED: { label: 'Overflowed', tone: 'warn' },
  TIMED_OUT: { label: 'Timed out', tone: 'bad' },
  REJECTED: { label: 'Rejected', tone: 'bad' },
};

export const OFFER_OUTCOME = {
  RINGING: { label: 'ringing', tone: 'ring' },
  ACCEPTED: { label: 'accepted', tone: 'ok' },
  DECLINED: { label: 'declined', tone: 'bad' },
  EXPIRED: { label: 'no answer', tone: 'bad' },
  CANCELLED: { label: 'cancelled', tone: 'off' },
};

export const DISTRIBUTION = {
  DIRECT: 'Direct',
  BROADCAST: 'Broadcast',
  SERIAL: 'Serial',
  ROUND_ROBIN: 'Round robin',
  RING_ALL: 'Ring all',
  SKILL_WEIGHTED: 'Skill-weighted',
  PICKUP: 'Pickup',
};

const CANCEL = {
  ANSWERED_ELSEWHERE: 'answered by someone else',
  CALLER_HUNG_UP: 'the caller hung up',
  TIMED_OUT: 'the call timed out',
  PREEMPTED: 'taken for a more urgent call',
  AGENT_UNAVAILABLE: 'the agent became unavailable',
};

export function cancelText(reason) {
  return CANCEL[reason] || humanize(reason);
}

const RONA_CLEAR = {
  EXPIRED: 'the RONA time ran out',
  MANUAL: 'reset by hand',
  OFFLINE: 'the agent went offline',
  OFF_DUTY: 'the agent went off duty',
};

function actionText(action) {
  if (!action) return '';
  const t = humanize(action.type).toLowerCase();
  return action.target ? `${t} to ${action.target}` : t;
}

/**
 * One feed line for an event: `{ category, text, tone }`, category one of calls, agents,
 * presence, config. `name(id)` turns an agent id into its display name.
 */
export function describeEvent(e, name) {
  const agents = (list) => (list && list.length ? list.map(name).join(', ') : 'all agents');
  switch (e.type) {
    case 'CallQueued':
      return { category: 'calls', text: `Call ${e.call} queued in ${e.service} (${PRIORITY[e.priority] || e.priority}${e.caller ? ', from ' + e.caller : ''})` };
    case 'CallRejected':
      return { category: 'calls', tone: 'bad', text: `Call ${e.call} rejected in ${e.service}: ${e.reason === 'CLOSED' ? 'closed' : 'no agents'}${e.action ? ' → ' + actionText(e.action) : ''}` };
    case 'CallOverflowed':
      return { category: 'calls', tone: 'warn', text: `Call ${e.call} overflowed (queue full) → ${actionText(e.action)}` };
    case 'CallTimedOut':
      return { category: 'calls', tone: 'bad', text: `Call ${e.call} timed out in the queue → ${actionText(e.action)}` };
    case 'CallEscalated':
      return { category: 'calls', tone: 'warn', text: `Call ${e.call} escalated to level ${e.level} (wider pool)` };
    case 'CallOffered': {
      const ex = e.explanation;
      const rule = ex ? ` — ${DISTRIBUTION[ex.type] || ex.type}: ${ex.rule}; ${ex.selectable} selectable` : '';
      return { category: 'calls', text: `Call ${e.call} offered to ${agents(e.agents)}${rule}` };
    }
    case 'OfferDeclined':
      return { category: 'calls', tone: 'warn', text: `${name(e.agent)} declined call ${e.call}` };
    case 'OfferExpired':
      return { category: 'calls', tone: 'warn', text: `No answer from ${agents(e.agents)} for call ${e.call}` };
    case 'OfferCancelled':
      return { category: 'calls', text: `Call ${e.call} stopped ringing on ${agents(e.agents)}: ${cancelText(e.reason)}` };
    case 'CallRequeued':
      return { category: 'calls', tone: 'warn', text: `Call ${e.call} back at the head of the queue` };
    case 'CallConnected':
      return { category: 'calls', tone: 'ok', text: `${name(e.agent)} answered call ${e.call}` };
    case 'CallAbandoned':
      return { category: 'calls', tone: 'bad', text: `Caller hung up on call ${e.call} ${e.whileRinging ? 'while it rang' : 'while waiting'}` };
    case 'CallCompleted':
      return { category: 'calls', text: `Call ${e.call} with ${name(e.agent)} ended` };
    case 'AgentPresenceChanged': {
      const p = e.presence || {};
      return { category: 'presence', text: `${name(e.agent)}: ${presenceText({ ...p, outOfOffice: p.outOfOffice })} (${(p.fidelity || '').toLowerCase()}, ${p.source})` };
    }
    case 'PresenceTrackingChanged':
      return {
        category: 'config',
        tone: e.tracking ? 'ok' : 'bad',
        text: `${(e.fidelity || '').toLowerCase()} presence tracking ${e.tracking ? 'restored' : 'lost'} for ${agents(e.agents)} (${e.source}${e.reason ? ': ' + e.reason : ''})`,
      };
    case 'DutyChanged':
      return { category: 'agents', text: `${name(e.agent)} ${e.profile ? 'on duty with profile ' + e.profile : 'off duty'}` };
    case 'ActiveInServiceChanged':
      return { category: 'agents', text: `${name(e.agent)} ${e.active ? 'active' : 'inactive'} in ${e.service}` };
    case 'AgentReadinessChanged':
      return { category: 'agents', tone: e.ready ? 'ok' : 'warn', text: `${name(e.agent)} ${e.ready ? 'ready' : 'not ready' + (e.reason ? ' (' + e.reason + ')' : '')}` };
    case 'RonaStarted':
      return { category: 'agents', tone: 'bad', text: `${name(e.agent)} in RONA after call ${e.call}, until ${time(e.until)}` };
    case 'RonaCleared':
      return { category: 'agents', tone: 'ok', text: `${name(e.agent)} RONA cleared: ${RONA_CLEAR[e.reason] || humanize(e.reason)}` };
    case 'AfterCallWorkStarted':
      return { category: 'agents', text: `${name(e.agent)} in after-call work until ${time(e.until)}` };
    case 'AfterCallWorkEnded':
      return { category: 'agents', text: `${name(e.agent)} after-call work ${e.early ? 'ended early' : 'over'}` };
    case 'ExternalCallChanged':
      return { category: 'agents', text: `${name(e.agent)} ${e.inCall ? 'started' : 'ended'} a call Switchboard did not route` };
    case 'ServiceConfigured':
      return { category: 'config', text: `Service ${e.service?.id ?? ''} configured` };
    case 'ServiceRemoved':
      return { category: 'config', tone: 'warn', text: `Service ${e.service} removed` };
    case 'AgentConfigured':
      return { category: 'config', text: `Agent ${e.agent?.id ?? ''} configured` };
    case 'AgentRemoved':
      return { category: 'config', tone: 'warn', text: `Agent ${e.agent} removed` };
    case 'ProfileConfigured':
      return { category: 'config', text: `Duty profile ${e.profile?.id ?? ''} configured` };
    case 'ProfileRemoved':
      return { category: 'config', tone: 'warn', text: `Duty profile ${e.profile} removed` };
    default:
      return { category: 'config', text: humanize(e.type) };
  }
}

/** "8 min 20 s left" or "due". */
export function remaining(seconds) {
  if (seconds === null || seconds === undefined) return '';
  return seconds > 0 ? duration(seconds) + ' left' : 'due';
}

/** The one-line explanation of an offer, as the server words it (events do not carry it). */
export function explanationSummary(ex) {
  const chosen = (ex.candidates || []).filter((c) => c.chosen).map((c) => c.agent);
  return `${ex.type} in ${ex.service} (level ${ex.level}): ${ex.selectable} selectable; ${ex.rule}${chosen.length ? '; chose ' + chosen.join(', ') : ''}`;
}
