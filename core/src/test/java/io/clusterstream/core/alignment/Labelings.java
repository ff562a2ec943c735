package io.clusterstream.core.alignment;

import java.util.ArrayList;
import java.util.List;

/** Builds paired parent/child labelings from blocks of images: "count images the parent put in p, the child in c". */
final class Labelings {

    final List<Integer> parent = new ArrayList<>();
    final List<Integer> child = new ArrayList<>();

    Labelings block(int parentCluster, int childCluster, int count) {
        for (int i = 0; i < count; i++) {
            parent.add(parentCluster);
            child.add(childCluster);
        }
        return this;
    }

    int[] parentLabels() {
        return parent.stream().mapToInt(Integer::intValue).toArray();
    }

    int[] childLabels() {
        return child.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<String> keys(int k, String prefix) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }
}
