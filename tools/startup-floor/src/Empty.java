/** Floor (a): an empty {@code main}. */
public final class Empty {
    public static void main(String[] args) {}
}
