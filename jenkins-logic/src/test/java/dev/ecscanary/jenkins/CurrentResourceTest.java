package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event endpoint's clients: one set for the configuration in force, never leaked when it changes. */
class CurrentResourceTest {

    final List<String> closed = new ArrayList<>();
    final CurrentResource<String, StringBuilder> clients = new CurrentResource<>(StringBuilder::new,
            built -> closed.add(built.toString()));

    @Test
    void theSameSettingsGetTheSameResource() throws Exception {
        assertSame(clients.get("table-a"), clients.get("table-a"));
        assertEquals(List.of(), closed);
    }

    @Test
    void otherSettingsGetANewResourceAndTheOneReplacedIsClosed() throws Exception {
        StringBuilder first = clients.get("table-a");
        StringBuilder second = clients.get("table-b");

        assertNotSame(first, second);
        assertEquals(List.of("table-a"), closed);
    }

    @Test
    void closingClosesTheOneInUseAndTheNextUseBuildsAgain() throws Exception {
        StringBuilder first = clients.get("table-a");
        clients.close();
        clients.close();

        assertEquals(List.of("table-a"), closed);
        assertNotSame(first, clients.get("table-a"));
    }
}
