package org.fatecg.fl;

/** Flower's FitIns: client {@code client} trains from the current global weights with {@code config}. */
public record FitInstruction(int client, FitConfig config) {}
