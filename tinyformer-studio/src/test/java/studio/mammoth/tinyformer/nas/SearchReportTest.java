package studio.mammoth.tinyformer.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchReportTest {
    @TempDir
    Path dir;

    @Test
    void candidateListReadsBackWhatWasWritten() throws IOException {
        List<SearchEvent> written = List.of(
                new SearchEvent(0, 0, "w0.75-r28 conv[k3e4,k5e3 | k3e4] tf[E72 h4m3]", 0.735, 6832496, 1794838, 0.8011, 86.7, 99.4, true, ""),
                new SearchEvent(1, 2, "w1-r24 conv[k7e6] tf[E96 h4m4,h4m4]", Double.NaN, 21000000, 9000000, 0.5, 300.5, 410.0, false,
                        "MACs 21.0 M above 8.0 M, SRAM 410.0 KB above 320 KB"));
        Path file = dir.resolve("search-candidates.csv");
        try (SearchReport.EventCsv csv = new SearchReport.EventCsv(file)) {
            written.forEach(csv::write);
        }
        assertEquals(written, SearchReport.EventCsv.read(file));
    }

    @Test
    void malformedRowsAreRefusedWithTheirLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        try (SearchReport.EventCsv csv = new SearchReport.EventCsv(file)) {
            csv.write(new SearchEvent(0, 0, "w1-r24 conv[k3e3] tf[E40 h2m1]", 0.5, 1, 1, 0.7, 1, 1, true, ""));
        }
        Files.writeString(file, Files.readString(file) + "1,0,maybe,0.5,1,1,0.7,1.0,1.0,\"\",\"x\"\n");
        IOException e = assertThrows(IOException.class, () -> SearchReport.EventCsv.read(file));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(file, "index,accuracy\n");
        assertThrows(IOException.class, () -> SearchReport.EventCsv.read(file));
    }
}
