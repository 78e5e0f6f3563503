package org.fatecg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of ARCHITECTURE.md, checked on the compiled main classes: packages depend downwards
 * only, there are no cycles, and every package has a place in the picture. A new upward import (say
 * eval importing report) fails here with the offending class, member and line.
 *
 * <p>The levels, top to bottom. A layer may use every layer on a lower level and none on its own level
 * or above; layers on one level (eval, train, explain) are peers that do not know each other. Two
 * exceptions narrow this (see {@link #layering()}): flower serves cli only, and the backend
 * implementations serve backend.select (and cli) only, so tensor sees the Backend interface alone.
 */
class ArchitectureTest {
    static final String[][] LEVELS = {
        {"cli"}, // picocli commands: the only user of everything
        {"report"}, // tables, charts, report folders
        {"flower"}, // Flower SuperNode client, used by cli only
        {"fl"}, // federation: strategy, clients, rounds, checkpoints
        {"train", "explain", "eval"}, // training objectives | Grad-CAM, saliency | metrics, robust evaluation
        {"attack"}, // FGSM, PGD, BIM, CW, SPSA
        {"optim"}, // Adam, Adamax, SGD
        {"nn", "data"}, // layers, models, safetensors | MIT-BIH, beats, splits
        {"tensor"}, // Tensor, primitives, autograd, Engine
        {"backend.select"}, // --device: the one package that knows the implementations
        {"backend.cpu", "backend.cuda"}, // the implementations
        {"backend"}, // the Backend interface and its value types
        {"io"}, // plain IO: JSON, atomic files, CSV, progress callbacks
    };

    /** Packages other branches are adding; a layer with no classes is otherwise an error. */
    static final List<String> NOT_YET_MERGED = List.of("train", "explain");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fatecg");
    }

    /** org.fatecg.backend is the interface package alone; every other layer takes its subpackages along. */
    static String packageOf(String layer) {
        return layer.equals("backend") ? "org.fatecg.backend" : "org.fatecg." + layer + "..";
    }

    static LayeredArchitecture layering() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] level : LEVELS)
            for (String layer : level)
                rule = (NOT_YET_MERGED.contains(layer) ? rule.optionalLayer(layer) : rule.layer(layer))
                        .definedBy(packageOf(layer));
        for (int i = 0; i < LEVELS.length; i++) {
            List<String> below = new ArrayList<>();
            for (int j = i + 1; j < LEVELS.length; j++) below.addAll(Arrays.asList(LEVELS[j]));
            for (String layer : LEVELS[i])
                rule = below.isEmpty()
                        ? rule.whereLayer(layer).mayNotAccessAnyLayer()
                        : rule.whereLayer(layer).mayOnlyAccessLayers(below.toArray(new String[0]));
        }
        // Two layers serve fewer than all those above them: the Flower client is the CLI's alone, and only
        // the device selection (and the CLI's bench) name an implementation of the Backend interface.
        return rule.whereLayer("flower")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("backend.cpu")
                .mayOnlyBeAccessedByLayers("backend.select", "cli")
                .whereLayer("backend.cuda")
                .mayOnlyBeAccessedByLayers("backend.select", "cli");
    }

    @Test
    void packagesDependDownwardsOnly() {
        layering().check(main);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.fatecg.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void everyPackageHasAPlaceInTheLayers() {
        String[] all = Arrays.stream(LEVELS)
                .flatMap(Arrays::stream)
                .map(ArchitectureTest::packageOf)
                .toArray(String[]::new);
        classes()
                .should()
                .resideInAnyPackage(all)
                .because("a new package needs a level in ArchitectureTest.LEVELS and ARCHITECTURE.md")
                .check(main);
    }
}
