package studio.mammoth.model.world;

/**
 * One edit: the source scene, the instruction, the scene it should become, and the region the edit may change (everything
 * outside it must stay as in the source).
 *
 * @param relation for MOVE (and a hybrid holding no move: null): the relation the moved garment must end in to the anchor
 */
public record EditPair(EditCategory category, Scene source, String instruction, Scene target, PixelMask region,
                       MoveGoal relation) {

    /** Garment {@code mover} of the target must stand in {@code relation} to garment {@code anchor} of the target. */
    public record MoveGoal(int mover, Relation relation, int anchor) {
    }
}
