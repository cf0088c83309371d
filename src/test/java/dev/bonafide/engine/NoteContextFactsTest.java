package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The facts of shared context: names in the note, shared history, self-introduction and language. */
class NoteContextFactsTest {

    private final FactExtractor extractor = new FactExtractor(RulebookFiles.defaultPhrases());

    private Facts facts(String message) {
        return extractor.extract(ConnectionRequest.fromStranger(message, 0, 300));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Hi Anna, we worked together at Acme.",
                "Dear Dr. Okafor, I read your paper.",
                "Hola Marta, nos conocimos en Madrid.",
                "  Hey Sam! Long time.",
                "Bonjour Mme Dubois, je suis Paul."
            })
    void aGreetingByNameAddressesTheRecipient(String note) {
        assertThat(facts(note).value("addressesRecipientByName")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Hi there, add me",
                "Hey beautiful, your smile",
                "Hello everyone check my channel",
                "Dear Sir, I have an offer",
                "Nice song, Anna would like it"
            })
    void aGreetingAnyoneCouldGetDoesNotAddressByName(String note) {
        assertThat(facts(note).value("addressesRecipientByName")).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Great talk yesterday.\n\nBest,\nTom",
                "Would love to connect. Thanks! Ana Souza",
                "Loved your article on caching - Priya",
                "Me gustaría conectar. Saludos, Marta",
                "Gerne vernetzen. Viele Grüße\nJonas Weber"
            })
    void aNameAfterASignOffSignsTheNote(String note) {
        assertThat(facts(note).value("signedWithName")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"thanks for the song", "Best, friends", "Cheers Mate!", "I will call you - ok"})
    void noNameAtTheEndIsNoSignature(String note) {
        assertThat(facts(note).value("signedWithName")).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Anna here, from the platform team.",
                "Hi Tom, Anna from the data team at Spotify.",
                "Hi, Tom Becker from Acme. Quick question about your talk.",
                "My name is Lena and I run a bakery.",
                "Hey Sam, it's Priya here!"
            })
    void theSenderOpeningWithTheirNameIntroducesThemselves(String note) {
        assertThat(facts(note).value("introducesSender")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Click here to win", "Greetings from Brazil", "Everyone here loves this song"})
    void wordsBeforeHereOrFromThatAreNoNameIntroduceNobody(String note) {
        assertThat(facts(note).value("introducesSender")).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "We worked together on the billing rewrite at Acme.",
                "We met at PyCon last spring.",
                "We were at the Lisbon summit together.",
                "We were both in the 2014 cohort together at Insight.",
                "You were my TA for statistics.",
                "My former colleague from the platform team.",
                "Trabajamos juntos en Telefónica."
            })
    void claimsOfSharedHistoryAreRecognised(String note) {
        assertThat(facts(note).value("claimsSharedHistory")).isEqualTo(true);
    }

    @Test
    void aFutureWishIsNoSharedHistory() {
        assertThat(facts("I would love to work together some day").value("claimsSharedHistory"))
                .isEqualTo(false);
    }

    @Test
    void theLanguageIsToldByCommonWords() {
        assertThat(facts("Hi, I would like to connect with you about your work").value("noteLanguage"))
                .isEqualTo("en");
        assertThat(facts("Hola, me gustaría conectar contigo por tu trabajo en la universidad")
                        .value("noteLanguage"))
                .isEqualTo("es");
        assertThat(facts("Hallo, ich würde mich gerne mit dir vernetzen").value("noteLanguage"))
                .isEqualTo("de");
        assertThat(facts("Bonjour, je suis ingénieur et j'aimerais échanger avec vous")
                        .value("noteLanguage"))
                .isEqualTo("fr");
        assertThat(facts("Olá, eu sou engenheira e gostaria de conectar com você")
                        .value("noteLanguage"))
                .isEqualTo("pt");
        assertThat(facts("Ciao, sono un ingegnere e vorrei collegarmi").value("noteLanguage"))
                .isEqualTo("");
        assertThat(facts("").value("noteLanguage")).isEqualTo("");
    }
}
