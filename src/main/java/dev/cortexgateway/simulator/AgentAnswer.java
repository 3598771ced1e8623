package dev.cortexgateway.simulator;

import java.util.List;

/**
 * What an agent run found out, before it is rendered as current-schema events, legacy
 * {@code message.delta} events or a JSON response.
 *
 * @param flow        search, analyst, sql or chart
 * @param question    the last user message without directives
 * @param tool        the tool used: its type and the name the request gave it
 * @param toolUseId   {@code toolu_bdrk_...}, as Cortex names tool calls
 * @param plan        the SQL the simulated analyst wrote; null when the question was not recognised or for search
 * @param table       the query result; null without a plan
 * @param hits        search results; empty unless {@code flow} is search
 * @param thinking    the reasoning text shown before the tool call
 * @param text        the answer, with {@code 【†n†】} markers where citations apply
 * @param citations   one per marker, in marker order
 * @param suggestions questions the analyst can answer, when it could not map this one
 * @param chartSpec   Vega-Lite spec serialized as a string; null unless {@code flow} is chart
 */
record AgentAnswer(String flow, String question, Tool tool, String toolUseId, QuestionAnalyst.Plan plan,
                   ResultTable table, List<DocumentCorpus.Hit> hits, String thinking, String text,
                   List<Citation> citations, List<String> suggestions, String chartSpec) {

    record Tool(String type, String name) {
    }

    record Citation(int index, String docId, String docTitle, String text) {
    }

    boolean hasTable() {
        return table != null;
    }
}
