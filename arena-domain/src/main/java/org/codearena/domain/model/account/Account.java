package org.codearena.domain.model.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** A person's account. Usernames are unique by their normalised key, not by their spelling. */
@Entity
@Table(name = "account")
@NamedQuery(name = "Account.findByUsernameKey", query = "select a from Account a where a.usernameKey = :usernameKey")
public class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "username", nullable = false, length = 32)
    private String username;

    @Column(name = "username_key", nullable = false, length = 32)
    private String usernameKey;

    @Column(name = "email", nullable = false, length = 254)
    private String email;

    @Column(name = "password_hash", nullable = false, length = 200)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** comma-separated roles (ADMIN, RECRUITER); empty for most people. Operators grant them (./arena grant). */
    @Column(name = "roles", nullable = false, length = 100)
    private String roles = "";

    protected Account() {
    }

    public Account(String username, String email, String passwordHash, Instant createdAt) {
        this.username = username;
        this.usernameKey = UsernamePolicy.key(username);
        this.email = email;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getUsernameKey() {
        return usernameKey;
    }

    public String getEmail() {
        return email;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Set<String> getRoles() {
        return roles(roles);
    }

    /** The roles as the column keeps them (comma-separated), as a set. */
    public static Set<String> roles(String column) {
        return column == null || column.isBlank() ? Set.of()
                : Arrays.stream(column.split(",")).map(String::strip).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
