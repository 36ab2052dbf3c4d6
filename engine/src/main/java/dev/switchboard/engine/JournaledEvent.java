package dev.switchboard.engine;

import dev.switchboard.core.event.Event;

/** An event with its position in the tenant's journal (1, 2, 3, … without gaps). */
public record JournaledEvent(long sequence, Event event) {}
