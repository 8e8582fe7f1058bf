package io.cellwire.layers;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport module's layers, held on its main classes: the engine ({@code io.cellwire.transport}) knows frames and
 * hooks, never the store, the node or the client; the store knows only the codec and Agrona; the node and the client
 * never import each other; nothing imports the bench module.
 */
class LayeringTest
{
    private static final String ENGINE = "io.cellwire.transport..";
    private static final String STORE = "io.cellwire.store..";
    private static final String NODE = "io.cellwire.node..";
    private static final String CLIENT = "io.cellwire.client..";
    private static final String BENCH = "io.cellwire.bench..";
    /** How a module's test-jar ends (the codec's, with the fuzz harness, is on the class path): no main classes. */
    private static final String TEST_JAR = "-tests.jar";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses()
    {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains(TEST_JAR))
            .importPackages("io.cellwire");
    }

    @Test
    void shouldImportEveryLayer()
    {
        for (final String layer : new String[]{ "io.cellwire.transport", "io.cellwire.store", "io.cellwire.node",
            "io.cellwire.client" })
        {
            assertTrue(classes.containPackage(layer), "no main classes in " + layer);
        }
    }

    @Test
    void engineShouldNotDependOnStoreNodeOrClient()
    {
        noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(STORE, NODE, CLIENT, BENCH)
            .check(classes);
    }

    @Test
    void storeShouldNotDependOnEngineNodeOrClient()
    {
        noClasses().that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAnyPackage(ENGINE, NODE, CLIENT, BENCH)
            .check(classes);
    }

    @Test
    void nodeShouldNotDependOnClient()
    {
        noClasses().that().resideInAPackage(NODE)
            .should().dependOnClassesThat().resideInAnyPackage(CLIENT, BENCH)
            .check(classes);
    }

    @Test
    void clientShouldNotDependOnNode()
    {
        noClasses().that().resideInAPackage(CLIENT)
            .should().dependOnClassesThat().resideInAnyPackage(NODE, BENCH)
            .check(classes);
    }

    @Test
    void codecShouldNotDependOnTransportModule()
    {
        noClasses().that().resideInAPackage("io.cellwire.codec..")
            .should().dependOnClassesThat().resideInAnyPackage(ENGINE, STORE, NODE, CLIENT, BENCH)
            .check(classes);
    }
}
