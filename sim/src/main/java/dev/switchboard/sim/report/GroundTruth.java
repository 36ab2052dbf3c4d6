package dev.switchboard.sim.report;

/**
 * What only the simulator can know, because it knows what every agent is really doing.
 *
 * @param offers offers made (one per agent rung)
 * @param offersToAgentsInCall offers made while the agent was in any call, routed by Switchboard
 *     or personal
 * @param offersToAgentsInSwitchboardCall offers made while the agent was in a call Switchboard
 *     itself had connected: must always be 0
 * @param insideLatencyWindow offers to agents in a call whose presence had not yet reached the
 *     core (the call started less than one presence latency before)
 * @param outsideLatencyWindow offers to agents in a call although the core already had the
 *     freshest presence its source can give (coarse "Busy" distributed, say)
 * @param maxCallAgeInsideWindowSeconds for the offers inside the window: the longest time the
 *     agent had already been in the call
 * @param offersToAgentsInMeeting offers to agents in a calendar meeting (and not in a call)
 * @param offersToAgentsSetBusy offers to agents who had set Busy by hand (and not in a call)
 * @param meetings meetings that started
 * @param personalCalls personal calls the agents had
 * @param personalCallsSkipped personal calls not started because the agent was busy with another
 * @param presenceUpdates presence observations delivered to the core
 * @param rejectedCommands commands the core refused (a simulator bug if not 0)
 * @param firstRejection the first refused command and why, or an empty string
 */
public record GroundTruth(
        long offers,
        long offersToAgentsInCall,
        long offersToAgentsInSwitchboardCall,
        long insideLatencyWindow,
        long outsideLatencyWindow,
        double maxCallAgeInsideWindowSeconds,
        long offersToAgentsInMeeting,
        long offersToAgentsSetBusy,
        long meetings,
        long personalCalls,
        long personalCallsSkipped,
        long presenceUpdates,
        long rejectedCommands,
        String firstRejection) {}
