package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.codearena.chat.ChatException;
import org.codearena.chat.ChatMessage;
import org.codearena.chat.Presence;
import org.codearena.chat.RoomKey;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.chat.ChatHub;
import org.codearena.web.application.chat.ChatRooms;

/**
 * The chat's API: a person's rooms with unread counts, a room (who is here), its history paged back, sending
 * (answered once the message is stored), read marks, direct conversations, and the moderators' and recruiters'
 * actions. Live messages come over the push socket ({@code /push}); this is for pages loading history and for API
 * clients.
 */
@Path("/v1/chat")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ChatResource {

    public record NewMessage(String text, String clientId, Long replyTo, String to) {
    }

    public record ReadMark(Long id) {
    }

    public record SlowMode(Integer seconds) {
    }

    public record QuestionState(String state) {
    }

    public record NewMute(String username, String room, Integer minutes, String reason) {
    }

    public record NewDirect(String username) {
    }

    @Context
    private HttpServletRequest request;

    @Inject
    private ChatHub chat;

    @EJB
    private ChatRooms rooms;

    private ChatHub.Sender sender() {
        Caller caller = Caller.of(request);
        return new ChatHub.Sender(caller.accountId(), caller.username(), caller.roles());
    }

    @GET
    @Path("/rooms")
    public Map<String, Object> rooms() {
        List<ChatRooms.Listed> mine = rooms.roomsOf(sender().accountId());
        return Map.of("rooms", mine);
    }

    @GET
    @Path("/rooms/{room}")
    public Map<String, Object> room(@PathParam("room") String roomText) {
        ChatHub.Sender sender = sender();
        ChatRooms.Room room = chat.room(RoomKey.parse(roomText), sender);
        Presence.Summary here = chat.presence().summary(room.key().key());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("room", room.key().key());
        answer.put("kind", room.key().kind().name());
        answer.put("title", room.title());
        answer.put("slowModeSeconds", room.slowModeSeconds());
        answer.put("staff", room.staff());
        answer.put("moderator", sender.roles().contains(ChatRooms.MODERATOR) || sender.roles().contains(ChatRooms.ADMIN));
        answer.put("present", here.count());
        answer.put("names", here.names());
        answer.put("topic", room.key().topic());
        return answer;
    }

    @GET
    @Path("/rooms/{room}/messages")
    public Map<String, Object> history(@PathParam("room") String roomText, @QueryParam("before") Long before,
                                       @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 200) {
            throw new InvalidRequestException("limit is between 1 and 200");
        }
        List<Map<String, Object>> page = chat.history(sender(), roomText, before, limit + 1);
        boolean more = page.size() > limit;
        return Map.of("messages", more ? page.subList(1, page.size()) : page, "more", more);
    }

    @POST
    @Path("/rooms/{room}/messages")
    public Response send(@PathParam("room") String roomText, NewMessage body) {
        if (body == null) {
            throw new InvalidRequestException("send {\"text\": \"…\"} (and, if you like, \"clientId\" to make a resend "
                    + "safe, \"replyTo\": a message id)");
        }
        var stored = chat.send(sender(), roomText, new ChatHub.Outgoing(body.text(), body.clientId(), body.replyTo(),
                body.to()));
        try {
            ChatMessage message = stored.get(10, TimeUnit.SECONDS);
            return Response.status(Response.Status.CREATED).entity(ChatHub.view(message)).build();
        } catch (TimeoutException notYet) {
            // out to the room already, stored as soon as the database takes it
            return Response.accepted(Map.of("stored", false, "error", "the message went out but is not stored yet; "
                    + "send it again with the same clientId to be sure")).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(503, "the server is stopping; send the message again");
        } catch (ExecutionException e) {
            throw new ChatException(503, "the message was not stored; send it again with the same clientId");
        }
    }

    @POST
    @Path("/rooms/{room}/read")
    public Response read(@PathParam("room") String roomText, ReadMark body) {
        if (body == null || body.id() == null) {
            throw new InvalidRequestException("send {\"id\": the last message read}");
        }
        chat.read(sender(), roomText, body.id());
        return Response.noContent().build();
    }

    @PUT
    @Path("/rooms/{room}/slow-mode")
    public Map<String, Object> slowMode(@PathParam("room") String roomText, SlowMode body) {
        if (body == null || body.seconds() == null) {
            throw new InvalidRequestException("send {\"seconds\": 0 to 3600} (0 turns slow mode off)");
        }
        chat.slowMode(sender(), roomText, body.seconds());
        return Map.of("room", RoomKey.parse(roomText).key(), "slowModeSeconds", body.seconds());
    }

    @DELETE
    @Path("/messages/{id}")
    public Response delete(@PathParam("id") long id) {
        chat.delete(sender(), id);
        return Response.noContent().build();
    }

    @PUT
    @Path("/messages/{id}/question")
    public Map<String, Object> question(@PathParam("id") long id, QuestionState body) {
        if (body == null || body.state() == null) {
            throw new InvalidRequestException("send {\"state\": \"OPEN\" or \"ANSWERED\"}");
        }
        chat.markQuestion(sender(), id, body.state());
        return Map.of("id", id, "state", body.state());
    }

    @POST
    @Path("/mutes")
    public Response mute(NewMute body) {
        if (body == null || body.username() == null) {
            throw new InvalidRequestException("send {\"username\": …, \"reason\": …, \"minutes\": (left out: until "
                    + "lifted), \"room\": (left out: every room)}");
        }
        var until = chat.mute(sender(), body.username(), body.room(), body.minutes(), body.reason());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("username", body.username());
        answer.put("room", body.room());
        answer.put("until", until == null ? null : until.toString());
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    @DELETE
    @Path("/mutes/{username}")
    public Map<String, Object> unmute(@PathParam("username") String username, @QueryParam("room") String room) {
        return Map.of("lifted", chat.unmute(sender(), username, room));
    }

    @POST
    @Path("/direct")
    public Map<String, Object> direct(NewDirect body) {
        if (body == null || body.username() == null || body.username().isBlank()) {
            throw new InvalidRequestException("send {\"username\": the person to talk to}");
        }
        ChatHub.Sender sender = sender();
        ChatRooms.Person other = rooms.person(body.username()).orElseThrow(() ->
                new ChatException(404, "there is no one called '" + body.username() + "'"));
        ChatRooms.Room room = chat.room(RoomKey.direct(sender.accountId(), other.id()), sender);
        return Map.of("room", room.key().key(), "title", room.title());
    }
}
