package studio.mammoth.tinyformer.ir;

/**
 * Window of a convolution or pooling: kernel, stride and explicit padding on each side. The output size is
 * {@code (in + padBefore + padAfter - kernel) / stride + 1} (integer division), as in PyTorch with symmetric padding.
 */
public record ConvGeometry(int kernelH, int kernelW, int strideH, int strideW, int padTop, int padBottom, int padLeft,
                           int padRight) {

    public ConvGeometry {
        if (kernelH < 1 || kernelW < 1 || kernelH > 255 || kernelW > 255 || strideH < 1 || strideW < 1 || strideH > 255
                || strideW > 255) {
            throw new IllegalArgumentException("kernel and stride must be in [1, 255]");
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0 || padTop >= kernelH || padBottom >= kernelH
                || padLeft >= kernelW || padRight >= kernelW) {
            throw new IllegalArgumentException("each padding must be in [0, kernel - 1]");
        }
    }

    /** Square kernel with PyTorch's symmetric padding {@code kernel / 2} ("same" for odd kernels at stride 1). */
    public static ConvGeometry same(int kernel, int stride) {
        int p = kernel / 2;
        return new ConvGeometry(kernel, kernel, stride, stride, p, p, p, p);
    }

    /** Square kernel without padding. */
    public static ConvGeometry valid(int kernel, int stride) {
        return new ConvGeometry(kernel, kernel, stride, stride, 0, 0, 0, 0);
    }

    public int outputHeight(int inputHeight) {
        return outputSize(inputHeight, kernelH, strideH, padTop + padBottom);
    }

    public int outputWidth(int inputWidth) {
        return outputSize(inputWidth, kernelW, strideW, padLeft + padRight);
    }

    private static int outputSize(int in, int kernel, int stride, int pads) {
        if (in + pads < kernel) {
            throw new IllegalArgumentException("kernel " + kernel + " larger than padded input " + (in + pads));
        }
        return (in + pads - kernel) / stride + 1;
    }
}
