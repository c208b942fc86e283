package io.modelbench.serve;

import java.time.Instant;

/**
 * One answered request, as the request log has it (never the payload).
 *
 * @param model    the model's name, or null for requests to no model (health, metadata of the server, metrics)
 * @param protocol {@code v2} (Open Inference Protocol), {@code v1} (KServe v1), or {@code http} for the others
 * @param rows     rows (or images) predicted; 0 for requests that predict nothing
 * @param client   the client's address
 * @param error    what the client was told went wrong; null on success
 */
public record ServedRequest(Instant time, String requestId, String model, String protocol, int status, int rows,
                            double latencyMs, String client, String error) {

    public boolean failed() {
        return status >= 400;
    }
}
