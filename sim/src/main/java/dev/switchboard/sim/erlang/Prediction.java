package dev.switchboard.sim.erlang;

/**
 * What a queueing model predicts for one service in the long run.
 *
 * @param model {@code erlang-c} or {@code erlang-a}
 * @param agents the number of agents N
 * @param offeredLoad A = λ · AHT in Erlangs
 * @param stable false when the model has no steady state (Erlang C with N ≤ A); every other
 *     figure is then NaN
 * @param probabilityOfWaiting share of callers who find every agent busy
 * @param serviceLevel share of all callers answered within the target
 * @param asaSeconds mean wait of the answered callers
 * @param meanQueueSeconds mean time in queue over all callers (answered or abandoned)
 * @param abandonRate share of callers who hang up before being answered
 * @param occupancy carried load per agent: share of time an agent spends handling calls
 */
public record Prediction(
        String model,
        int agents,
        double offeredLoad,
        double targetSeconds,
        boolean stable,
        double probabilityOfWaiting,
        double serviceLevel,
        double asaSeconds,
        double meanQueueSeconds,
        double abandonRate,
        double occupancy) {

    static Prediction unstable(String model, int agents, double offeredLoad, double targetSeconds) {
        return new Prediction(
                model,
                agents,
                offeredLoad,
                targetSeconds,
                false,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }
}
