package io.modelbench.engine.app;

import io.modelbench.engine.api.BackendStatus;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BackendTest {

    @Test
    void theBackgroundLoadCompletesWithTheStatusALoadOnTheCallingThreadGives() throws Exception {
        BackendStatus background = Backend.loadInBackground().get(120, TimeUnit.SECONDS);
        BackendStatus here = Backend.load();

        assertThat(background.state()).isEqualTo(BackendStatus.State.READY);
        assertThat(background).isEqualTo(here);
    }

    @Test
    void theSerializationWarmUpWritesANetworkConfiguration() {
        Backend.load();
        assertThat(Backend.warmUpSerialization()).isTrue();
    }
}
