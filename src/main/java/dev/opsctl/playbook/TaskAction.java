package dev.opsctl.playbook;

import java.util.Map;

/**
 * A task's module and raw arguments as written.
 *
 * @param unsupported what of it opsctl cannot run (see {@link Task#unsupported()}), or null
 */
record TaskAction(String module, Map<String, Object> args, String unsupported) {}
