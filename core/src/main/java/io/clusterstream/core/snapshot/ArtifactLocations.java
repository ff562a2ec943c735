package io.clusterstream.core.snapshot;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Resolves artifact URIs of a manifest to local files, refusing anything this filesystem store cannot serve. */
final class ArtifactLocations {

    private ArtifactLocations() {
    }

    /**
     * Resolves {@code uri} against the manifest directory. Relative URIs must stay inside that directory; absolute
     * {@code file:} URIs are taken as they are; anything else is recorded as a problem and yields empty.
     */
    static Optional<Path> resolve(String field, String uri, Path manifestDirectory, List<SnapshotProblem> problems) {
        if (uri.isEmpty()) {
            problems.add(new SnapshotProblem(RejectionReason.MISSING_FIELD, field, "artifact uri is empty"));
            return Optional.empty();
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            problems.add(new SnapshotProblem(RejectionReason.UNSUPPORTED_URI, field,
                    "'" + uri + "' is not a valid URI: " + e.getReason()));
            return Optional.empty();
        }
        if (parsed.getScheme() != null) {
            return resolveAbsolute(field, uri, parsed, problems);
        }
        if (parsed.getRawAuthority() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            problems.add(new SnapshotProblem(RejectionReason.UNSUPPORTED_URI, field,
                    "'" + uri + "' must be a plain relative path without authority, query or fragment"));
            return Optional.empty();
        }
        String path = parsed.getPath();
        if (path.startsWith("/")) {
            problems.add(new SnapshotProblem(RejectionReason.UNSAFE_PATH, field,
                    "'" + uri + "' is an absolute path; use a file: URI for files outside the snapshot directory"));
            return Optional.empty();
        }
        Path base = manifestDirectory.toAbsolutePath().normalize();
        Path resolved = base.resolve(path).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            problems.add(new SnapshotProblem(RejectionReason.UNSAFE_PATH, field,
                    "'" + uri + "' escapes the snapshot directory"));
            return Optional.empty();
        }
        return Optional.of(resolved);
    }

    private static Optional<Path> resolveAbsolute(
            String field, String uri, URI parsed, List<SnapshotProblem> problems) {
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("file")) {
            problems.add(new SnapshotProblem(RejectionReason.UNSUPPORTED_URI, field,
                    "scheme '" + scheme + "' of '" + uri + "' is not supported by the filesystem store"));
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(parsed).normalize());
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            problems.add(new SnapshotProblem(RejectionReason.UNSUPPORTED_URI, field,
                    "'" + uri + "' is not an absolute file URI: " + e.getMessage()));
            return Optional.empty();
        }
    }
}
