"""The cutout's two models converted to ONNX, for tools/bench_cutout_runtime.py's onnxruntime row.

    uv run --with tflite --with onnx python tools/cutout_model_to_onnx.py OUT_DIR

MediaPipe's selfie segmentation models carry fp16 weights (DEQUANTIZE) and one MediaPipe
custom op (Convolution2DTransposeBias), which tflite2onnx 0.4 (no HARD_SWISH) and tf2onnx
(TensorFlow, for a 0.4 MB model) do not take; the graph is small (convolutions, depthwise
convolutions, squeeze-and-excite means and products, hard-swish, bilinear resizes, one
transposed convolution), so this writes it op by op: opset 17, the weights in fp32, NHWC in
and out as the .tflite (a transpose at each end, NCHW inside). The bench checks that the
result gives LiteRT's mask. The studio does not ship these files (LiteRT runs the .tflite).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
import tflite
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.media.cutout import MODELS, model_path

BO = tflite.BuiltinOperator
NCHW_AXIS = {0: 0, 1: 2, 2: 3, 3: 1}  # an NHWC axis → its NCHW place
TYPES = {
    tflite.TensorType.FLOAT32: np.float32,
    tflite.TensorType.FLOAT16: np.float16,
    tflite.TensorType.INT32: np.int32,
    tflite.TensorType.INT64: np.int64,
}


def same_pads(size: list[int], kernel: list[int], stride: list[int], dil: list[int]) -> list[int]:
    """TFLite's SAME padding (the odd pixel at the end), as ONNX's begin..., end... pads."""
    begin, end = [], []
    for n, k, s, d in zip(size, kernel, stride, dil, strict=True):
        total = max((-(-n // s) - 1) * s + (k - 1) * d + 1 - n, 0)
        begin.append(total // 2)
        end.append(total - total // 2)
    return begin + end


class Converter:
    def __init__(self, data: bytes) -> None:
        self.model = tflite.Model.GetRootAsModel(data, 0)
        self.graph = self.model.Subgraphs(0)
        self.consts: dict[int, np.ndarray] = {}
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []

    def shape(self, i: int) -> list[int]:
        return [int(v) for v in self.graph.Tensors(i).ShapeAsNumpy()]

    def const(self, i: int) -> np.ndarray | None:
        if i not in self.consts:
            t = self.graph.Tensors(i)
            buffer = self.model.Buffers(t.Buffer())
            if buffer.DataLength() == 0:
                return None
            raw = buffer.DataAsNumpy().tobytes()
            self.consts[i] = np.frombuffer(raw, TYPES[t.Type()]).reshape(t.ShapeAsNumpy())
        return self.consts[i]

    def init(self, name: str, array: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def operand(self, i: int) -> str:
        """A tensor as an NCHW input: a constant becomes an initializer, permuted."""
        data = self.const(i)
        if data is None:
            return f"t{i}"
        if data.dtype == np.float16:
            data = data.astype(np.float32)
        if data.ndim == 4:
            data = data.transpose(0, 3, 1, 2)
        elif data.ndim == 1 and data.dtype == np.float32 and data.size > 1:
            data = data.reshape(1, -1, 1, 1)
        return self.init(f"t{i}_c", data)

    def node(self, kind: str, inputs: list[str], out: str, fused: int = 0, **attrs) -> None:
        """`kind`, then TFLite's fused activation (none, ReLU or ReLU6) into `out`."""
        pre = f"{out}_pre" if fused else out
        self.nodes.append(helper.make_node(kind, inputs, [pre], **attrs))
        if fused == 1:
            self.nodes.append(helper.make_node("Relu", [pre], [out]))
        elif fused == 3:
            lo, hi = self.init(f"{out}_lo", np.float32(0)), self.init(f"{out}_hi", np.float32(6))
            self.nodes.append(helper.make_node("Clip", [pre, lo, hi], [out]))
        elif fused:
            raise NotImplementedError(f"fused activation {fused}")

    @staticmethod
    def options(op, cls):  # type: ignore[no-untyped-def]
        o, table = cls(), op.BuiltinOptions()
        o.Init(table.Bytes, table.Pos)
        return o

    def convert(self) -> onnx.ModelProto:
        g = self.graph
        for k in range(g.OperatorsLength()):
            self.op(g.Operators(k))
        gin, gout = g.Inputs(0), g.Outputs(0)
        self.nodes.insert(
            0, helper.make_node("Transpose", ["input"], [f"t{gin}"], perm=[0, 3, 1, 2])
        )
        self.nodes.append(
            helper.make_node("Transpose", [f"t{gout}"], ["output"], perm=[0, 2, 3, 1])
        )
        graph = helper.make_graph(
            self.nodes,
            "selfie_segmentation",
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, self.shape(gin))],
            [helper.make_tensor_value_info("output", TensorProto.FLOAT, self.shape(gout))],
            self.inits,
        )
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model

    def op(self, op) -> None:  # type: ignore[no-untyped-def]
        code_entry = self.model.OperatorCodes(op.OpcodeIndex())
        code = max(code_entry.BuiltinCode(), code_entry.DeprecatedBuiltinCode())
        ins = [op.Inputs(j) for j in range(op.InputsLength())]
        out_i = op.Outputs(0)
        out = f"t{out_i}"
        if code == BO.DEQUANTIZE:  # fp16 weights: folded into fp32 constants
            source = self.const(ins[0])
            assert source is not None
            self.consts[out_i] = source.astype(np.float32)
        elif code in (BO.CONV_2D, BO.DEPTHWISE_CONV_2D):
            depthwise = code == BO.DEPTHWISE_CONV_2D
            o = self.options(
                op, tflite.DepthwiseConv2DOptions if depthwise else tflite.Conv2DOptions
            )
            w = self.const(ins[1])
            assert w is not None
            # TFLite: OHWI, depthwise 1HWC; ONNX: OIHW, depthwise C1HW in C groups
            w = w.astype(np.float32).transpose((3, 0, 1, 2) if depthwise else (0, 3, 1, 2))
            inputs = [f"t{ins[0]}", self.init(f"{out}_w", w)]
            if len(ins) > 2 and ins[2] >= 0:
                bias = self.const(ins[2])
                assert bias is not None
                inputs.append(self.init(f"{out}_b", bias.astype(np.float32)))
            kernel = list(w.shape[2:])
            stride = [o.StrideH(), o.StrideW()]
            dil = [o.DilationHFactor(), o.DilationWFactor()]
            size = self.shape(ins[0])[1:3]
            same = o.Padding() == tflite.Padding.SAME
            pads = same_pads(size, kernel, stride, dil) if same else [0, 0, 0, 0]
            group = self.shape(ins[0])[3] if depthwise else 1
            self.node(
                "Conv", inputs, out, o.FusedActivationFunction(),
                kernel_shape=kernel, strides=stride, dilations=dil, pads=pads, group=group,
            )  # fmt: skip
        elif code == BO.AVERAGE_POOL_2D:
            o = self.options(op, tflite.Pool2DOptions)
            kernel, stride = [o.FilterHeight(), o.FilterWidth()], [o.StrideH(), o.StrideW()]
            size = self.shape(ins[0])[1:3]
            same = o.Padding() == tflite.Padding.SAME
            pads = same_pads(size, kernel, stride, [1, 1]) if same else [0, 0, 0, 0]
            self.node(
                "AveragePool", [f"t{ins[0]}"], out, o.FusedActivationFunction(),
                kernel_shape=kernel, strides=stride, pads=pads, count_include_pad=0,
            )  # fmt: skip
        elif code in (BO.ADD, BO.MUL):
            o = self.options(op, tflite.AddOptions if code == BO.ADD else tflite.MulOptions)
            kind = "Add" if code == BO.ADD else "Mul"
            inputs = [self.operand(ins[0]), self.operand(ins[1])]
            self.node(kind, inputs, out, o.FusedActivationFunction())
        elif code in (BO.RELU, BO.HARD_SWISH, BO.LOGISTIC):
            kind = {BO.RELU: "Relu", BO.HARD_SWISH: "HardSwish", BO.LOGISTIC: "Sigmoid"}[code]
            self.node(kind, [f"t{ins[0]}"], out)
        elif code == BO.MEAN:
            o = self.options(op, tflite.ReducerOptions)
            axes_nhwc = self.const(ins[1])
            assert axes_nhwc is not None
            axes = [NCHW_AXIS[int(a)] for a in axes_nhwc.reshape(-1)]
            self.node("ReduceMean", [f"t{ins[0]}"], out, axes=axes, keepdims=int(o.KeepDims()))
        elif code == BO.RESIZE_BILINEAR:
            o = self.options(op, tflite.ResizeBilinearOptions)
            new = self.const(ins[1])
            assert new is not None
            n, _, _, c = self.shape(ins[0])
            sizes = self.init(f"{out}_size", np.array([n, c, int(new[0]), int(new[1])], np.int64))
            if o.AlignCorners():
                mode = "align_corners"
            else:
                mode = "half_pixel" if o.HalfPixelCenters() else "asymmetric"
            self.node(
                "Resize", [f"t{ins[0]}", "", "", sizes], out,
                mode="linear", coordinate_transformation_mode=mode,
            )  # fmt: skip
        elif code == BO.CUSTOM and code_entry.CustomCode() == b"Convolution2DTransposeBias":
            # MediaPipe's op: its options are TfLiteTransposeConvParams (padding, strides)
            raw = op.CustomOptionsAsNumpy().tobytes()
            _padding, sw, sh = (int(v) for v in np.frombuffer(raw, np.int32)[:3])
            w, bias = self.const(ins[1]), self.const(ins[2])
            assert w is not None and bias is not None
            w = w.astype(np.float32).transpose(3, 0, 1, 2)  # OHWI → IOHW
            kernel = [int(v) for v in w.shape[2:]]
            begin, end, extra = [], [], []
            sizes_in, sizes_out = self.shape(ins[0])[1:3], self.shape(out_i)[1:3]
            for n_in, n_out, k, s in zip(sizes_in, sizes_out, kernel, (sh, sw), strict=True):
                total = (n_in - 1) * s + k - n_out
                begin.append(max(total, 0) // 2)
                end.append(max(total, 0) - max(total, 0) // 2)
                extra.append(max(-total, 0))
            inputs = [f"t{ins[0]}", self.init(f"{out}_w", w), self.init(f"{out}_b", bias)]
            self.node(
                "ConvTranspose", inputs, out,
                kernel_shape=kernel, strides=[sh, sw], pads=begin + end, output_padding=extra,
            )  # fmt: skip
        else:
            raise NotImplementedError(f"TFLite op {code}")


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for kind, (name, _size, _sha) in MODELS.items():
        model = Converter(model_path(kind).read_bytes()).convert()
        target = out / Path(name).with_suffix(".onnx").name
        onnx.save(model, str(target))
        print(f"{kind}: {target} ({target.stat().st_size // 1000} kB)")


if __name__ == "__main__":
    main()
