/**
 * A workspace's `events_filter`: a comma list of event types (spaces allowed around the commas)
 * limiting which events are POSTed to its event_callback_url. Empty or null means every type.
 */
export function parseEventsFilter(filter: string | null): Set<string> | null {
  if (filter === null) return null;
  const types = filter
    .split(",")
    .map((type) => type.trim())
    .filter((type) => type !== "");
  return types.length === 0 ? null : new Set(types);
}

export function passesFilter(filter: Set<string> | null, eventType: string): boolean {
  return filter === null || filter.has(eventType);
}
