package io.syncfleet.keeper.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetConfig;
import io.syncfleet.common.config.TargetUrl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetReconcilerTest {

    private static TargetConfig target(String id, String url) {
        return new TargetConfig(id, TargetUrl.parse(url));
    }

    // ---- targets.static ----

    @Test
    void staticUnknownTargetIsAdded() {
        FleetPlan plan = FleetReconciler.forStatic(List.of(target("web1", "rsync://h:873/www")), Map.of());
        assertEquals(List.of(target("web1", "rsync://h:873/www")), plan.add());
        assertEquals(List.of(), plan.move());
        assertEquals(Set.of("web1"), plan.managed());
    }

    @Test
    void staticKnownTargetWithSameUrlIsLeftAlone() {
        assertTrue(FleetReconciler.forStatic(List.of(target("web1", "rsync://h:873/www")),
                Map.of("web1", "rsync://h:873/www")).isEmpty());
    }

    @Test
    void staticChangedUrlMoves() {
        FleetPlan plan = FleetReconciler.forStatic(List.of(target("web1", "rsync://new:873/www")),
                Map.of("web1", "rsync://old:873/www"));
        assertEquals(List.of(target("web1", "rsync://new:873/www")), plan.move());
        assertEquals(List.of(), plan.add());
    }

    @Test
    void staticNeverRemovesRuntimeTargets() {
        FleetPlan plan = FleetReconciler.forStatic(List.of(), Map.of("web9", "rsync://h9:873/www"));
        assertTrue(plan.isEmpty());
        assertEquals(List.of(), plan.remove());
    }

    // ---- targets.command ----

    private static FleetPlan script(String output, Map<String, String> known, Set<String> managed, Set<String> statics) {
        return FleetReconciler.forScript(FleetCommandOutput.parse(output), known, managed, statics);
    }

    @Test
    void scriptAddsNewMovesChangedAndRemovesMissing() {
        FleetPlan plan = script("web1 rsync://h1/www\nweb2 rsync://h2new/www\nweb4 rsync://h4/www\n",
                Map.of("web1", "rsync://h1/www", "web2", "rsync://h2/www", "web3", "rsync://h3/www"),
                Set.of("web1", "web2", "web3"), Set.of());
        assertEquals(List.of(target("web4", "rsync://h4/www")), plan.add());
        assertEquals(List.of(target("web2", "rsync://h2new/www")), plan.move());
        assertEquals(List.of("web3"), plan.remove());
        assertEquals(Set.of("web1", "web2", "web4"), plan.managed());
        assertEquals(List.of(), plan.notes());
    }

    @Test
    void scriptNeverRemovesWhatItDoesNotManage() {
        FleetPlan plan = script("web1 rsync://h1/www\n",
                Map.of("web1", "rsync://h1/www", "op1", "rsync://o/www", "st1", "rsync://s/www"),
                Set.of("web1"), Set.of("st1"));
        assertTrue(plan.isEmpty());
    }

    @Test
    void scriptClaimsAKnownTargetItLists() {
        FleetPlan plan = script("op1 rsync://o/www\n", Map.of("op1", "rsync://o/www"), Set.of(), Set.of());
        assertTrue(plan.isEmpty());
        assertEquals(Set.of("op1"), plan.managed());
    }

    @Test
    void staticWinsOverAScriptLine() {
        FleetPlan plan = script("web1 rsync://h1/www\nst1 rsync://elsewhere/www\n",
                Map.of("st1", "rsync://s/www"), Set.of(), Set.of("st1"));
        assertEquals(List.of(target("web1", "rsync://h1/www")), plan.add());
        assertEquals(List.of(), plan.move());
        assertEquals(Set.of("web1"), plan.managed());
        assertEquals(List.of("line 2: target [st1] is in targets.static, which wins; line ignored"), plan.notes());
    }

    @Test
    void aTargetOnABadLineIsKeptAsItIs() {
        FleetPlan plan = script("web1 rsync://h1/www\nweb2 rsync://h2\n",
                Map.of("web1", "rsync://h1/www", "web2", "rsync://h2/www"), Set.of("web1", "web2"), Set.of());
        assertTrue(plan.isEmpty(), "web2's line has no module: a typo must not remove it");
        assertEquals(Set.of("web1", "web2"), plan.managed());
        assertEquals(List.of("target [web2] is kept as it is: its line is bad"), plan.notes());
    }

    @Test
    void anOutputWithoutTargetsRemovesNothingWhileTheScriptManagesSome() {
        FleetPlan plan = script("# nothing today\n", Map.of("web1", "rsync://h1/www"), Set.of("web1"), Set.of());
        assertTrue(plan.isEmpty());
        assertEquals(Set.of("web1"), plan.managed());
        assertEquals(List.of("it listed no target while it manages 1 (web1): nothing is removed; if that is meant,"
                + " remove them with 'syncfleet targets remove'"), plan.notes());
    }

    @Test
    void anEmptyOutputWithNothingManagedIsNothingToDo() {
        FleetPlan plan = script("", Map.of("st1", "rsync://s/www"), Set.of(), Set.of("st1"));
        assertTrue(plan.isEmpty());
        assertEquals(List.of(), plan.notes());
    }

    @Test
    void aManagedIdThatIsGoneFromTheFleetIsNotRemovedTwice() {
        FleetPlan plan = script("web1 rsync://h1/www\n", Map.of("web1", "rsync://h1/www"), Set.of("web1", "web7"),
                Set.of());
        assertEquals(List.of(), plan.remove());
    }
}
