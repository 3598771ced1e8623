package dev.cortexgateway.chart;

/** One field of the charted data: its name as the data spells it and its measurement type. */
record ChartField(String name, int index, FieldType type) {
}
