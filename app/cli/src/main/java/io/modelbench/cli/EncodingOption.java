package io.modelbench.cli;

import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Table;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --encoding} for the commands that read a table, and the reading itself: the charset named, or the one detected
 * ({@link TextEncoding}); a note on stderr when the file was not UTF-8 and was read as windows-1252 (issue 18).
 */
final class EncodingOption {

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "The table file's character set, such as UTF-8 or windows-1252 (default: detected; a file that is not "
                    + "UTF-8 is read as windows-1252 with a note, or refused naming the line of its first bad byte).")
    String encoding;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** Reads {@code --data} ({@code sample:ID} or a CSV file) in the charset named or detected. */
    Table open(String data) {
        Table t = openTable(data);
        io.modelbench.engine.io.PhaseClock.mark("table read (and Jackson set up)");
        return t;
    }

    private Table openTable(String data) {
        if (CliSupport.isSample(data)) {
            return CliSupport.openTable(data);
        }
        java.nio.charset.Charset charset = encoding == null ? null : Datasets.encoding(encoding);
        Table t = Datasets.readTable(CliSupport.path(data, "--data"), TaskProgress.NONE, charset);
        if (!t.encodingNote().isEmpty()) {
            mixee.commandLine().getErr().println("note: " + t.source() + " is " + t.encodingNote()
                    + "; if letters look wrong, name its encoding with --encoding");
        }
        return t;
    }
}
