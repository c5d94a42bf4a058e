package dev.opsctl.transport.access;

import dev.opsctl.module.Args;
import dev.opsctl.secret.Secrets;
import dev.opsctl.transport.Become;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether and as whom commands run through sudo: the one place that decides it, for plays, {@code opsctl facts} and
 * {@code opsctl reboot}. As in Ansible, the connection variables ({@code ansible_become}, {@code ansible_become_user},
 * {@code ansible_become_password}/{@code _pass}) win over the play's and task's keywords, which win over the command
 * line ({@code -b}, {@code --become-user}, {@code -K}); the user defaults to root. No sudo at all when the connection
 * already logs in as that user (Ansible skips become then too: sudo root to root only costs a process and a mail).
 */
public final class BecomePrecedence {
    private BecomePrecedence() {}

    /**
     * @param rendered       a connection variable's value, rendered, or null when the host has none by that name
     * @param keyword        the task's {@code become:} (else the play's), or null when neither says
     * @param keywordUser    the task's {@code become_user:} (else the play's), rendered; asked only when needed; may give null
     * @param cli            the command line's become options
     * @param connectionUser the user the connection logs in as, or null when not known
     * @return how to become, or null to run as the connection's user
     */
    public static Become choose(Function<String, Object> rendered, Boolean keyword, Supplier<String> keywordUser, BecomeDefaults cli,
                                String connectionUser) {
        Object fromVars = rendered.apply("ansible_become");
        Boolean on = fromVars == null ? null : Args.toBool(fromVars);
        if (on == null) on = keyword != null ? keyword : cli.become();
        if (on == null || !on) return null;
        String user = string(rendered.apply("ansible_become_user"));
        if (user == null) user = keywordUser.get();
        if (user == null) user = cli.user() != null ? cli.user() : "root";
        if (user.equals(connectionUser)) return null;
        String password = string(rendered.apply("ansible_become_password"));
        if (password == null) password = string(rendered.apply("ansible_become_pass"));
        if (password == null) password = cli.password();
        Secrets.register(password);
        return new Become(user, password);
    }

    private static String string(Object v) {
        return v == null ? null : String.valueOf(v);
    }
}
