/** Tests of the in-memory read models, fed with events of the pure core. */
package dev.switchboard.http.live;
