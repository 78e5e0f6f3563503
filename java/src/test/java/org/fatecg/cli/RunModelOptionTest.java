package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/** fatecg run's --model and objective-named --federations. */
class RunModelOptionTest {
    private static RunCommand parse(String... args) {
        return RunOptionsTest.parse(args);
    }

    @Test
    void modelPicksTheNetwork() {
        // by hand: conv1 16*1*3+16, conv2 32*16*3+32, conv3 64*32*3+64, conv4 128*64*3+128, attention conv
        // 16*128*3+16, gamma 1, fc 5*256+5 = 39,990; the paper CNN 410,021 (the FAT paper's count)
        assertEquals(
                39_990,
                parse("--model", "attention-cnn")
                        .options
                        .architecture()
                        .apply(new Rng(1))
                        .parameterCount());
        assertEquals(410_021, parse().options.architecture().apply(new Rng(1)).parameterCount());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> parse("--model", "vgg").options.architecture());
        assertTrue(e.getMessage().contains("--model") && e.getMessage().contains("'vgg'"), e.getMessage());
    }

    @Test
    void anObjectiveNamesAFederation() {
        assertEquals(
                List.of("nonfat", "fat", "loss2"),
                parse("--federations", "fat,loss2,nonfat")
                        .options
                        .toRunConfig(Path.of("/data"), "1")
                        .federation()
                        .runs());
        for (String bad : List.of("loss1", "ce", "nsr")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> parse("--federations", "nonfat," + bad).options.toRunConfig(Path.of("/data"), "1"));
            assertTrue(
                    e.getMessage().startsWith("--federations: ")
                            && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }
}
