package dev.opsctl.transport.access;

/**
 * What the command line says about become: {@code -b/--become}, {@code --become-user}, the {@code -K} answer. The
 * lowest level of {@link BecomePrecedence}: inventory variables and play/task keywords win over it.
 *
 * @param become   {@code --become}, or null when not given
 * @param user     {@code --become-user}, or null (then root)
 * @param password the sudo password asked for with {@code -K}, or null
 */
public record BecomeDefaults(Boolean become, String user, String password) {
    public static final BecomeDefaults NONE = new BecomeDefaults(null, null, null);

    @Override
    public String toString() {
        return "BecomeDefaults[become=" + become + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
