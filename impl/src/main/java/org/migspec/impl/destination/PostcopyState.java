package org.migspec.impl.destination;

/** The destination's PostcopyState (postcopy-ram.h:97-104): decides pause vs fail (only RUNNING pauses). */
public enum PostcopyState {
    NONE, ADVISE, DISCARD, LISTENING, RUNNING, END
}
