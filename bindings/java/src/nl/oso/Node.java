package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An element of a {@link Dossier} (a borrowed handle). Usable while its dossier is open and no
 * element has been removed from the dossier since the node was obtained ({@link #remove()},
 * {@link Dossier#setDoorstroomtoets} and {@link Dossier#importLeerlingresultaat} invalidate every
 * Node of that dossier); otherwise its methods throw {@link OsoException} with status
 * {@link Status#STATE}.
 */
public final class Node {
    private final Dossier dossier;
    private final Pointer ptr;
    private final long generation;

    Node(Dossier dossier, Pointer ptr) {
        this.dossier = dossier;
        this.ptr = ptr;
        this.generation = dossier.generation();
    }

    Pointer handle() {
        return ptr();
    }

    Dossier dossier() {
        return dossier;
    }

    private Pointer ptr() {
        dossier.handle();
        if (generation != dossier.generation()) {
            throw new OsoException(Status.STATE, "node handle is stale (an element was removed)");
        }
        return ptr;
    }

    private Optional<Node> wrap(Pointer p) {
        return p == null ? Optional.empty() : Optional.of(new Node(dossier, p));
    }

    /** Element name. */
    public String name() {
        return Native.lib().oso_node_name(ptr());
    }

    /** Text directly inside the element ("" for containers). */
    public String text() {
        OsoLibrary lib = Native.lib();
        Pointer p = ptr();
        long length = lib.oso_node_text_length(p).longValue();
        byte[] bytes = lib.oso_node_text(p).getByteArray(0, Math.toIntExact(length));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Value of an attribute (e.g. {@code omschrijving}). */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(Native.lib().oso_node_attribute(ptr(), Native.arg(name, "name")));
    }

    /** Name of the element's schema type; empty for an element unknown to the schema. */
    public Optional<String> schemaType() {
        return Optional.ofNullable(Native.lib().oso_node_schema_type(ptr()));
    }

    /** 1-based source line (0 for elements created by editing). */
    public long line() {
        return Native.lib().oso_node_line(ptr()).longValue();
    }

    /** 1-based source column (0 for elements created by editing). */
    public long column() {
        return Native.lib().oso_node_column(ptr()).longValue();
    }

    /** 1-based position among same-named siblings. */
    public long position() {
        return Native.lib().oso_node_position(ptr()).longValue();
    }

    /** {@code /dossier[1]/huidigeschool[1]/...}. */
    public String path() {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_node_path(out, ptr()), "node path");
        byte[] bytes = Native.take(out, out.getValue().indexOf(0, (byte) 0));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Parent element; empty for the root. */
    public Optional<Node> parent() {
        return wrap(Native.lib().oso_node_parent(ptr()));
    }

    /** First child element called {@code name}. */
    public Optional<Node> child(String name) {
        return wrap(Native.lib().oso_node_child(ptr(), Native.arg(name, "name")));
    }

    /** Child elements, in order. */
    public List<Node> children() {
        OsoLibrary lib = Native.lib();
        List<Node> out = new ArrayList<>();
        for (Pointer p = lib.oso_node_child(ptr(), null); p != null; p = lib.oso_node_next(p)) {
            out.add(new Node(dossier, p));
        }
        return out;
    }

    /** Number of child elements. */
    public int childCount() {
        return Math.toIntExact(Native.lib().oso_node_child_count(ptr()).longValue());
    }

    /** The index-th (0-based) child element. */
    public Node child(int index) {
        Pointer p = Native.lib().oso_node_child_at(ptr(), new OsoLibrary.SizeT(index));
        if (index < 0 || p == null) {
            throw new IndexOutOfBoundsException("child " + index);
        }
        return new Node(dossier, p);
    }

    /** Next sibling element. */
    public Optional<Node> next() {
        return wrap(Native.lib().oso_node_next(ptr()));
    }

    /** Next sibling element with the same name. */
    public Optional<Node> nextSame() {
        return wrap(Native.lib().oso_node_next_same(ptr()));
    }

    /** Adds a child element in schema order; {@code text} for simple content, else null. */
    public Node add(String name, String text) {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_node_add(out, ptr(), Native.arg(name, "name"),
                Native.arg(text, "text")), "add '" + name + "'");
        return new Node(dossier, out.getValue());
    }

    /** Replaces the text of an element with simple content. */
    public void setText(String text) {
        Native.check(Native.lib().oso_node_set_text(ptr(), Native.arg(text, "text")), "set text");
    }

    /** Sets (or with null removes) an attribute the schema declares here. */
    public void setAttribute(String name, String value) {
        Native.check(Native.lib().oso_node_set_attribute(ptr(), Native.arg(name, "name"),
                Native.arg(value, "value")), "attribute '" + name + "'");
    }

    /** Removes the element and everything inside it; invalidates every Node of the dossier. */
    public void remove() {
        Native.check(Native.lib().oso_node_remove(ptr()), "remove");
        dossier.invalidateNodes();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Node n && n.dossier == dossier && n.ptr.equals(ptr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(dossier), ptr);
    }

    @Override
    public String toString() {
        try {
            return "Node[" + path() + "]";
        } catch (OsoException e) {
            return "Node[stale]";
        }
    }
}
