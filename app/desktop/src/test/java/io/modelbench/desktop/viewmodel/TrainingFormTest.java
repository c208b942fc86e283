package io.modelbench.desktop.viewmodel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingFormTest {

    @Test
    void theSettingsTheUserLeftAloneFollowTheDataAndTypedOnesStay() {
        TrainingForm form = new TrainingForm();
        assertThat(form.epochs.get()).isEqualTo("50");
        form.adaptTo(150);   // iris: 105 training rows
        assertThat(form.epochs.get()).isEqualTo("300");
        assertThat(form.batchSize.get()).isEqualTo("16");
        assertThat(form.learningRate.get()).isEqualTo("0.003");
        assertThat(form.patience.get()).isEqualTo("30");
        assertThat(form.weightDecay.get()).isEqualTo("0.03");

        form.epochs.set("7");
        form.adaptTo(20_000);
        assertThat(form.epochs.get()).as("typed by the user").isEqualTo("7");
        assertThat(form.batchSize.get()).isEqualTo("64");

        form.adaptTo(-1);   // images: the fixed defaults, no early stopping
        assertThat(form.batchSize.get()).isEqualTo("16");
        assertThat(form.patience.get()).isEqualTo("0");
        assertThat(form.weightDecay.get()).isEqualTo("0");
        assertThat(form.epochs.get()).isEqualTo("7");
    }
}
