package dev.opsctl.plan;

/** Whether a run only plans (nothing changes on any host) or also applies. */
public enum Mode {
    PLAN, APPLY
}
