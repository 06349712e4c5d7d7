package org.codearena.chat;

import java.time.Instant;

/**
 * One message as people see it. {@code recipientId} is set for a message only two people see (in an assessment's
 * room, a candidate's question to the recruiter and the recruiter's answer); {@code questionState} is OPEN or
 * ANSWERED for such a question.
 */
public record ChatMessage(long id, long roomId, String room, long authorId, String author, Long recipientId,
                          String clientId, String body, Long replyTo, String questionState, Instant createdAt,
                          boolean deleted) {

    /** Whether the viewer may read it: everyone in the room, or only its two people (and the room's staff). */
    public boolean visibleTo(long viewerId, boolean staff) {
        return recipientId == null || staff || authorId == viewerId || recipientId == viewerId;
    }

    public ChatMessage withQuestionState(String state) {
        return new ChatMessage(id, roomId, room, authorId, author, recipientId, clientId, body, replyTo, state,
                createdAt, deleted);
    }
}
