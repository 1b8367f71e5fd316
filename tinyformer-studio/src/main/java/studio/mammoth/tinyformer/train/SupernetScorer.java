package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.nas.Candidate;
import studio.mammoth.tinyformer.nas.CandidateScorer;

/**
 * Scores a SparseNAS candidate with weights inherited from the trained supernet: prune the subnet's weights blockwise to
 * its sparsity genes, recalibrate batch norm on a few training batches (pruning shifts the statistics), then measure
 * accuracy on a fixed validation subset. No weight is changed by scoring (masks and statistics are per candidate).
 */
public final class SupernetScorer implements CandidateScorer {
    private final Supernet net;
    private final List<BatchSampler.Batch> calibration;
    private final FashionMnistData.Images validation;
    private final int validationImages;

    public SupernetScorer(Supernet net, List<BatchSampler.Batch> calibration, FashionMnistData.Images validation, int validationImages) {
        this.net = net;
        this.calibration = calibration;
        this.validation = validation;
        this.validationImages = validationImages;
    }

    @Override
    public double score(Candidate c) {
        Map<String, NDArray> masks = SubnetMasks.of(net, c.arch(), c.sparsity());
        try {
            net.recalibrate(c.arch(), masks, calibration);
            return Evaluator.accuracy(net, c.arch(), Supernet.Mode.eval().withMasks(masks), validation, validationImages);
        } finally {
            masks.values().forEach(NDArray::close);
        }
    }
}
