package io.modelbench.engine.api;

/**
 * The numeric backend's state, as the status bar shows it. {@code device} is "CPU" or "GPU"; {@code detail}
 * says which library and instruction set, or why loading failed.
 */
public record BackendStatus(State state, String device, String detail) {

    public enum State { LOADING, READY, FAILED }

    public static BackendStatus loading() {
        return new BackendStatus(State.LOADING, "CPU", "loading native libraries");
    }
}
