package dev.bonafide.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void readsLabelledTextsWithOrWithoutExtraColumns() throws IOException {
        List<Datasets.LabelledText> texts =
                Datasets.texts(new StringReader("label,video,text\nspam,clip,\"win, now\"\nham,clip,nice tune\n"));

        assertThat(texts)
                .containsExactly(
                        new Datasets.LabelledText("spam", "win, now"), new Datasets.LabelledText("ham", "nice tune"));
    }

    @Test
    void anUnknownLabelIsAnError() {
        assertThatThrownBy(() -> Datasets.texts(new StringReader("label,text\nmaybe,hello\n")))
                .hasMessageContaining("line 2")
                .hasMessageContaining("'maybe'");
    }

    @Test
    void readsAccountsAndRefusesCountsThatAreNotCounts() throws IOException {
        assertThat(
                        Datasets.accounts(
                                new StringReader(
                                        "label,group,followers,following,statuses,has_bio\nhuman,A,1200,80,5,true\nfake,B,3,900,0,false\n")))
                .containsExactly(new Datasets.Account("human", 1200, 80), new Datasets.Account("fake", 3, 900));
        assertThatThrownBy(() -> Datasets.accounts(new StringReader("label,followers,following\nhuman,-1,3\n")))
                .hasMessageContaining("followers is not a count");
    }

    @Test
    void distinctKeepsTheFirstRowOfEachText() {
        assertThat(Datasets.distinct(List.of(
                        new Datasets.LabelledText("spam", "a"),
                        new Datasets.LabelledText("spam", "a"),
                        new Datasets.LabelledText("ham", "b"))))
                .containsExactly(new Datasets.LabelledText("spam", "a"), new Datasets.LabelledText("ham", "b"));
    }

    @Test
    void aMissingDirectorySaysWhereItLooked(@TempDir Path empty) {
        assertThatThrownBy(() -> Datasets.requirePresent(empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining(Datasets.YOUTUBE);
    }
}
