package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.codearena.web.application.LanguageCatalog;

@Path("/v1/languages")
@Produces(MediaType.APPLICATION_JSON)
public class LanguageResource {

    public record LanguageView(String id, String name, String version, String editorMode) {
    }

    @EJB
    private LanguageCatalog catalog;

    @GET
    public List<LanguageView> languages() {
        return catalog.all().stream()
                .map(l -> new LanguageView(l.getId(), l.getName(), l.getVersion(), l.getEditorMode()))
                .toList();
    }
}
