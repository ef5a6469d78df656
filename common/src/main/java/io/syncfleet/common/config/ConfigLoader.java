package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.MapNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Loads the YAML config into a {@link SyncfleetConfig}: read the file, merge the selected profile over
 * the base, apply {@code SYNCFLEET_*} environment overrides, then parse and validate every key against
 * {@link ConfigSchema#SYNCFLEET}. Every problem is collected; if there is any, a {@link ConfigException}
 * carries them all, ordered by line.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * @param file the YAML file; relative paths in it resolve against its directory
     * @param profileOrNull the profile to merge over the base ({@code --env}), or null
     * @param environment usually {@code System.getenv()}; only {@code SYNCFLEET_*} variables are read
     * @throws ConfigException listing every problem
     */
    public static SyncfleetConfig load(Path file, String profileOrNull, Map<String, String> environment) {
        Path abs = file.toAbsolutePath().normalize();
        String text = read(abs);
        Path dir = abs.getParent() == null ? abs : abs.getParent();
        return loadText(text, abs.toString(), dir, profileOrNull, environment);
    }

    /** Loads YAML text; relative paths resolve against {@code baseDirForRelativePaths}. For tests and tools. */
    public static SyncfleetConfig loadString(String yaml, Path baseDirForRelativePaths, String profileOrNull,
                                             Map<String, String> env) {
        return loadText(yaml, "<string>", baseDirForRelativePaths, profileOrNull, env);
    }

    private static SyncfleetConfig loadText(String text, String source, Path baseDir, String profile,
                                            Map<String, String> env) {
        ConfigSchema schema = ConfigSchema.SYNCFLEET;
        ParseContext ctx = new ParseContext(baseDir);
        MapNode root = YamlNodeReader.read(text, source, ctx);
        if (root == null) {
            throw failure(ctx);
        }
        String selected = profile == null || profile.isBlank() ? null : profile.trim();
        root = ProfileMerger.apply(root, selected, schema, ctx);
        root = EnvOverrides.apply(root, env == null ? Map.of() : env, schema, ctx);
        ConfigValues values = TreeReader.read(schema, root, ctx);
        if (ctx.problemCount() > 0) {
            throw failure(ctx);
        }
        return ConfigAssembler.assemble(values);
    }

    /** Problems with a line first, in line order; then the rest (env, missing keys) in the order found. */
    private static ConfigException failure(ParseContext ctx) {
        List<ConfigProblem> sorted = new ArrayList<>(ctx.problems());
        sorted.sort(Comparator.comparingInt(ConfigLoader::lineOf));
        return new ConfigException(sorted);
    }

    private static int lineOf(ConfigProblem p) {
        String w = p.where();
        if (w == null || !w.startsWith("line ")) {
            return Integer.MAX_VALUE;
        }
        int end = w.indexOf(',');
        return Integer.parseInt(w.substring(5, end < 0 ? w.length() : end));
    }

    /** What to do about a config file that is not there. */
    static final String MISSING_HINT = "; point --config at an existing file (deploy/etc/syncfleet.yml is a"
            + " commented example; bin/syncfleet quickstart writes a working one)";

    private static String read(Path file) {
        String problem;
        if (Files.isDirectory(file)) {
            problem = "config file " + file + " is a directory; expected a YAML file";
        } else if (!Files.exists(file)) {
            problem = "config file " + file + " does not exist" + MISSING_HINT;
        } else {
            try {
                byte[] bytes = Files.readAllBytes(file);
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString().replaceFirst("^\uFEFF", "");
            } catch (AccessDeniedException e) {
                problem = "config file " + file + " cannot be read: permission denied";
            } catch (CharacterCodingException e) {
                problem = "config file " + file + " is not valid UTF-8 text";
            } catch (IOException e) {
                problem = "config file " + file + " cannot be read: " + e.getMessage();
            }
        }
        throw new ConfigException(List.of(new ConfigProblem("", problem, null)));
    }
}
