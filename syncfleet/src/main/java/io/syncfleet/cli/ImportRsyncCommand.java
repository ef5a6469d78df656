package io.syncfleet.cli;

import io.syncfleet.app.UserError;
import io.syncfleet.migrate.ProposalYaml;
import io.syncfleet.migrate.RsyncImport;
import io.syncfleet.migrate.RsyncScriptImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import-rsync", mixinStandardHelpOptions = true,
        description = "Read shell scripts of rsync command lines and write a syncfleet.yml proposal (source, targets,"
                + " excludes), listing each line it cannot map and why.")
final class ImportRsyncCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", arity = "1..*", description = "Shell scripts with rsync command lines.")
    List<Path> scripts;

    @Option(names = {"-o", "--output"}, defaultValue = "syncfleet.yml", paramLabel = "FILE",
            description = "Where to write the proposal; '-' for standard output (default: syncfleet.yml).")
    String output;

    @Option(names = "--force", description = "Overwrite --output if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RsyncScriptImporter importer = new RsyncScriptImporter(ImportRsyncCommand::readExcludeFile);
        List<String> names = new ArrayList<>();
        for (Path s : scripts) {
            try {
                importer.add(s.toString(), Files.readString(s, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UserError("import-rsync: cannot read " + s + ": " + e.getMessage());
            }
            names.add(s.toString());
        }
        RsyncImport proposal = importer.result();
        PrintWriter out = spec.commandLine().getOut();
        if (proposal.baseDir() == null) {
            proposal.findings().forEach(f -> out.println("  " + f));
            out.flush();
            throw new UserError("import-rsync: no rsync line could be mapped (" + proposal.findings().size()
                    + " findings above); nothing written");
        }
        String yaml = ProposalYaml.render(proposal, names);
        if (output.equals("-")) {
            out.print(yaml);
            out.flush();
            return 0;
        }
        Path file = Path.of(output);
        if (Files.exists(file) && !force) {
            throw new UserError("import-rsync: " + file + " exists; choose another --output or add --force");
        }
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        out.println("wrote " + file + ": source.baseDir " + proposal.baseDir() + ", paths " + proposal.paths() + ", "
                + proposal.targets().size() + " targets, " + proposal.excludes().size() + " excludes");
        if (!proposal.findings().isEmpty()) {
            out.println(proposal.findings().size() + " not mapped (also listed at the top of the file):");
            proposal.findings().forEach(f -> out.println("  " + f));
        }
        proposal.notes().forEach(n -> out.println("note: " + n));
        out.println("next: bin/syncfleet check-config --config " + file);
        out.flush();
        return 0;
    }

    private static Optional<List<String>> readExcludeFile(String name) {
        Path p = Path.of(name);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllLines(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
