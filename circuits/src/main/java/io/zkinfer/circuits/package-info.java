/** Circuit IR, builder, ONNX import and data-property circuits. Pure Java, no native code. */
package io.zkinfer.circuits;
