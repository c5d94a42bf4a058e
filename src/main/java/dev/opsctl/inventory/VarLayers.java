package dev.opsctl.inventory;

import java.util.List;

/** Variable directories that apply to an inventory: one beside each inventory source, in -i order, and one beside the playbook. */
record VarLayers(List<VarsDir> inventorySide, VarsDir playbookSide) {
    static final VarLayers NONE = new VarLayers(List.of(), VarsDir.EMPTY);

    VarLayers {
        inventorySide = List.copyOf(inventorySide);
    }
}
