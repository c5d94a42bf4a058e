package dev.opsctl.fleet;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives an IT class {@code value()} fresh fleet hosts, h001, h002, ..., from the one fleet base of the test JVM; see
 * {@link FleetExtension} for how the class receives them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(FleetExtension.class)
public @interface FleetHosts {
    /** How many hosts the class needs. */
    int value();

    /**
     * Hosts each in a network and PID namespace of their own, reached at their own address on port 22 (see
     * docs/test-fleet.md, "Isolated hosts"): daemons on fixed ports, firewalls and kill -9 -1 stay on their host.
     * Also on for every class when the JVM runs with {@code -Dopsctl.fleet.isolated=true}.
     */
    boolean isolated() default false;
}
