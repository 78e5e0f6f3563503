package org.fatecg.fl;

/**
 * Flower's FitRes: the weights a client ended its local training with, the number of beats it trained on
 * (n_i of FedAvg), its mean training loss over all local steps, the number of steps, and the time taken.
 */
public record FitResult(int client, float[] weights, int numExamples, double meanLoss, int steps, long nanos) {}
