package dev.opsctl.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardEnvironmentTest {
    @Test
    void kubernetesIndexedJobCountsFromZero() {
        assertThat(ShardEnvironment.resolve(Map.of("JOB_COMPLETION_INDEX", "0", "JOB_COMPLETIONS", "4"), null)).isEqualTo(new Shard(1, 4));
        assertThat(ShardEnvironment.resolve(Map.of("JOB_COMPLETION_INDEX", "3", "JOB_COMPLETIONS", "4"), null)).isEqualTo(new Shard(4, 4));
        assertThat(ShardEnvironment.resolve(Map.of("JOB_COMPLETION_INDEX", "2"), 5)).isEqualTo(new Shard(3, 5));
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of("JOB_COMPLETION_INDEX", "4", "JOB_COMPLETIONS", "4"), null))
                .hasMessage("JOB_COMPLETION_INDEX=4 is not a shard of 4 (it counts from 0)");
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of("JOB_COMPLETION_INDEX", "1"), null))
                .hasMessageContaining("give --shard-count N or set JOB_COMPLETIONS");
    }

    @Test
    void nomadAllocIndexNeedsACount() {
        assertThat(ShardEnvironment.resolve(Map.of("NOMAD_ALLOC_INDEX", "1", "OPSCTL_SHARD_COUNT", "3"), null)).isEqualTo(new Shard(2, 3));
        assertThat(ShardEnvironment.resolve(Map.of("NOMAD_ALLOC_INDEX", "0"), 2)).isEqualTo(new Shard(1, 2));
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of("NOMAD_ALLOC_INDEX", "0"), null))
                .hasMessageContaining("--shard-count N or set OPSCTL_SHARD_COUNT");
    }

    @Test
    void aMatrixIndexCountsFromOne() {
        assertThat(ShardEnvironment.resolve(Map.of("OPSCTL_SHARD_INDEX", "4", "OPSCTL_SHARD_COUNT", "4"), null)).isEqualTo(new Shard(4, 4));
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of("OPSCTL_SHARD_INDEX", "0"), 4))
                .hasMessage("OPSCTL_SHARD_INDEX=0 is not a shard of 4 (it counts from 1)");
    }

    @Test
    void refusesNoneTwoOrNonsense() {
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of(), 4)).hasMessageContaining("found none of JOB_COMPLETION_INDEX");
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of("JOB_COMPLETION_INDEX", "0", "NOMAD_ALLOC_INDEX", "0"), 4))
                .hasMessageContaining("found both JOB_COMPLETION_INDEX and NOMAD_ALLOC_INDEX");
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of("NOMAD_ALLOC_INDEX", "x"), 4)).hasMessage("NOMAD_ALLOC_INDEX='x' is not a whole number");
        assertThatThrownBy(() -> ShardEnvironment.resolve(Map.of("NOMAD_ALLOC_INDEX", "0"), 0)).hasMessageContaining("at least 1");
        assertThat(ShardEnvironment.resolve(Map.of("NOMAD_ALLOC_INDEX", " ", "OPSCTL_SHARD_INDEX", "1"), 1)).isEqualTo(new Shard(1, 1));
    }
}
