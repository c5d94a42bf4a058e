package dev.opsctl.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each IT class its own fleet hosts, started from ONE {@link FleetBase} per test JVM (client key and common
 * layer built on first use, everything stopped when the JUnit run ends, or by a shutdown hook).
 *
 * <pre>{@code
 * @FleetHosts(2)
 * class SomethingIT {
 *     private static Fleet fleet;        // set before any @BeforeAll method runs
 *
 *     @Test
 *     void works(Fleet sameFleet) { ... } // or as a parameter of a test, @BeforeAll or @BeforeEach method
 * }
 * }</pre>
 *
 * The class's {@link Fleet} gives its hosts ({@code fleet.hosts()}, {@code fleet.host("h001")}), an inventory
 * ({@code fleet.inventory(file)}) and the hosts' keys ({@code fleet.knownHosts()}); it is stopped after the class's
 * last test. Every class gets fresh hosts with nothing on them from another class: tests here assert that files are
 * absent before a run, rename hosts, install packages, fill disks, kill sshd and reboot, so hosts shared between
 * classes would make a test's result depend on which classes ran before it. What a class saves is the base: the
 * client key and the common layer (users, sudo rules, shims) are built once per JVM instead of once per class.
 */
public final class FleetExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FleetExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Fleet fleet = fleetOf(context);
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != Fleet.class || !Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) continue;
                f.setAccessible(true);
                f.set(null, fleet);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Fleet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fleetOf(context);
    }

    /** The class's fleet, leased on first use and closed by JUnit with the class's store after its last test. */
    private static Fleet fleetOf(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        FleetHosts wanted = testClass.getAnnotation(FleetHosts.class);
        if (wanted == null) {
            throw new ParameterResolutionException(testClass.getName() + " needs @FleetHosts(n) to receive fleet hosts");
        }
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) classContext = classContext.getParent().get();
        FleetBase base = base(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(testClass.getName() + "/fleet", k -> {
            try {
                return base.lease(wanted.value(), wanted.isolated() || Fleet.ISOLATED_BY_DEFAULT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Fleet.class);
    }

    /** The JVM's one base, kept in the root store: JUnit closes it when the whole run ends. */
    private static FleetBase base(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(FleetBase.class, k -> {
            try {
                return FleetBase.create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, FleetBase.class);
    }
}
