package dev.opsctl.approval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.opsctl.json.Json;
import dev.opsctl.saved.SavedPlanFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code approvals} section of a saved plan file (docs/approvals.md), and the bytes each approval signs: the
 * canonical JSON (keys sorted, no spaces) of the whole file without that section. Adding an approval therefore
 * leaves the others valid, and any other edit of the file (a step, a summary, the request, the inputs) breaks them.
 *
 * @param root the file's JSON object, approvals included, in file order
 */
public record PlanApprovals(Map<String, Object> root, List<Approval> approvals) {
    public static final String KEY = "approvals";

    /**
     * One approval as the file holds it.
     *
     * @param principal who the approver says they are; checked against allowed_signers with the signature's key
     * @param signedAt when, by the approver's clock (for people to read; not signed, not checked)
     * @param signature the armored SSH signature ({@code ssh-keygen -Y sign} output)
     */
    public record Approval(String principal, String signedAt, String signature) {}

    /** Reads the approvals of a saved plan file (none when it has no section). */
    @SuppressWarnings("unchecked")
    public static PlanApprovals read(Path file) throws IOException {
        if (!SavedPlanFile.isSavedPlan(file)) throw new IOException(file + " is not a saved opsctl plan ('opsctl plan -o FILE' writes one)");
        Map<String, Object> root = Json.mapper().readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        List<Approval> approvals = new ArrayList<>();
        Object section = root.get(KEY);
        if (section != null && !(section instanceof List<?>)) throw new IOException(file + ": '" + KEY + "' is not a list");
        if (section instanceof List<?> list) {
            int i = 0;
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m) || !(m.get("principal") instanceof String p) || !(m.get("signature") instanceof String s)) {
                    throw new IOException(file + ": approval " + (i + 1) + " needs a 'principal' and a 'signature' string");
                }
                approvals.add(new Approval(p, m.get("signed_at") instanceof String at ? at : null, s));
                i++;
            }
        }
        return new PlanApprovals(root, List.copyOf(approvals));
    }

    /**
     * What every approval of this plan signs: the file without its approvals as compact JSON, object keys sorted,
     * every character outside ASCII as a {@code \\uXXXX} escape (so the bytes print the same through any terminal
     * encoding), no trailing newline.
     */
    public byte[] signedBytes() {
        Map<String, Object> withoutApprovals = new LinkedHashMap<>(root);
        withoutApprovals.remove(KEY);
        try {
            return SIGNED_FORM.writeValueAsString(withoutApprovals).getBytes(StandardCharsets.US_ASCII);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan read from JSON writes back as JSON", e);
        }
    }

    private static final ObjectMapper SIGNED_FORM = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    /** The file with {@code approval} added after the others, written to a temporary name beside it and renamed. */
    public void writeWith(Approval approval, Path file) throws IOException {
        List<Object> section = new ArrayList<>();
        for (Approval a : approvals) section.add(asMap(a));
        section.add(asMap(approval));
        Map<String, Object> out = new LinkedHashMap<>(root);
        out.put(KEY, section);
        String text = Json.pretty(out) + "\n";
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Map<String, Object> asMap(Approval a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("principal", a.principal());
        m.put("signed_at", a.signedAt());
        m.put("signature", a.signature());
        return m;
    }
}
