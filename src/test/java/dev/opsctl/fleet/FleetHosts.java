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
}
