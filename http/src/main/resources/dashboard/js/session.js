// Sign-in: a token from the URL fragment or the sign-in form, kept in session storage, checked
// with GET /api/me; the header then says who is signed in and with which role.

import { adoptTokenFromFragment, storedToken, storeToken, forgetToken, ApiError } from './api.js';
import { $, $$, el, replaceChildren, syncServerTime } from './util.js';

const ROLE_TEXT = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  agent: 'Agent',
  telephony: 'Telephony',
};

/** The most powerful role first: it decides what the page offers. */
export function mainRole(me) {
  for (const r of ['admin', 'supervisor', 'agent', 'telephony']) {
    if (me.roles.includes(r)) return r;
  }
  return me.roles[0] || 'none';
}

export function canSupervise(me) {
  return me.roles.includes('admin') || me.roles.includes('supervisor');
}

function showWho(me) {
  const who = $('#who');
  const roles = me.roles.map((r) => el('span', { class: 'role role-' + r, text: ROLE_TEXT[r] || r, title: 'Role: ' + r }));
  replaceChildren(who,
    el('span', { class: 'sr-only', text: 'Signed in as ' }),
    el('span', { text: me.name, title: 'Token name' }),
    ...roles,
    me.agent ? el('span', { text: 'for ' + me.agent, title: 'This token acts for this agent only' }) : null,
  );
}

function setSignedIn(signedIn) {
  for (const node of $$('[data-signed-in]')) node.hidden = !signedIn;
  $('#signin').hidden = signedIn;
}

/**
 * Resolves with the `/api/me` answer once a valid token is stored; shows the sign-in form until
 * then. `api` is the page's client.
 */
export async function signIn(api) {
  adoptTokenFromFragment();
  $('#sign-out').addEventListener('click', () => {
    forgetToken();
    location.replace(location.pathname + location.search);
  });
  const token = storedToken();
  if (token) {
    try {
      const me = await api.me(token);
      welcome(me);
      return me;
    } catch (e) {
      forgetToken();
      return askForToken(api, e instanceof ApiError && e.status === 401 ? 'The stored token was not accepted. Sign in again.' : describe(e));
    }
  }
  return askForToken(api, null);
}

/** Signed in: the header says who, and the page's clock follows the server's from now on. */
function welcome(me) {
  setSignedIn(true);
  showWho(me);
  syncServerTime(me.now);
}

function describe(e) {
  return e instanceof ApiError ? e.describe() : String(e);
}

function askForToken(api, message) {
  setSignedIn(false);
  const form = $('#signin-form');
  const input = $('#signin-token');
  const error = $('#signin-error');
  error.hidden = !message;
  error.textContent = message || '';
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', async function onSubmit(ev) {
      ev.preventDefault();
      const value = input.value.trim();
      if (!value) return;
      try {
        const me = await api.me(value);
        storeToken(value);
        input.value = '';
        error.hidden = true;
        form.removeEventListener('submit', onSubmit);
        welcome(me);
        resolve(me);
      } catch (e) {
        error.hidden = false;
        error.textContent = e instanceof ApiError && e.status === 401 ? 'This token is not accepted by the server.' : describe(e);
        input.select();
      }
    });
  });
}

/** After a 401 on a later request: forget the token and start over. */
export function tokenRefused() {
  forgetToken();
  location.replace(location.pathname + location.search);
}
