/* The runtime's footprint on rv32imc -Os (ESP32-C3 ISA), measured: do not edit.
 * Regenerate with `make bench-rv32`, which runs
 *   sh ports/rv32-qemu/footprint.sh BUILD tools/footprint_rv32.h
 * (sizes from the runners' link maps, ports/rv32-qemu/sizes.sh).
 * Compiler: riscv64-unknown-elf-gcc (12.2.0-14+deb12u1+11+b2) 12.2.0, picolibc. */
#ifndef TC_FOOTPRINT_RV32_H
#define TC_FOOTPRINT_RV32_H

/* Loader, verifier, planner, interpreter: .text + .rodata. */
#define TC_FP_CORE_FLASH 12544u
/* The runtime's .data + .bss (every kernel linked). */
#define TC_FP_STATIC_RAM 0u
/* Deepest stack of load, arena size, init and invoke (demo model). */
#define TC_FP_STACK 6635u

/* Flash of each runtime section an op pulls in beyond the core. */
static const unsigned tc_fp_sec_bytes[] = {
    20, /* .text.tc_kernel_find@registry.o+ */
    24, /* .text.conv_filter_scale@conv.o */
    532, /* .text.conv_geom_init.constprop.0@conv.o */
    1502, /* .text.conv_prepare@conv.o */
    1974, /* .text.conv_invoke@conv.o */
    64, /* .text.conv_is_direct@conv_s8_opt.o */
    232, /* .text.conv_store_any@conv_s8_opt.o */
    1160, /* .text.conv_tile44_n@conv_s8_opt.o */
    150, /* .text.conv_tile_small@conv_s8_opt.o */
    86, /* .text.tc_conv_s8_opt_scratch@conv_s8_opt.o */
    1130, /* .text.tc_conv_s8_opt@conv_s8_opt.o */
    60, /* .text.opt_table@interp.o */
    4, /* .text.build@interp.o+ */
    66, /* .text.tc_in@interp.o */
    64, /* .text.tc_out@interp.o */
    4, /* .text.tc_measuring@interp.o */
    28, /* .text.tc_persist@interp.o */
    10, /* .text.tc_scratch@interp.o */
    92, /* .text.tc_fail@interp.o */
    42, /* .text.tc_opt_i32@interp.o */
    42, /* .text.tc_opt_u8@interp.o */
    30, /* .text.tc_numel@interp.o */
    2, /* .text.tc_interp_init@interp.o+ */
    12, /* .text.tc_model_fb@model.o */
    18, /* .text.tc_model_load@model.o+ */
    8, /* .text.tc_vmsgf@msg.o+ */
    2, /* .text.tc_msgf@msg.o+ */
    82, /* .text.act_bound@quant.o */
    224, /* .text.tc_quantize_multiplier@quant.o */
    80, /* .text.tc_srdhm@quant.o */
    58, /* .text.tc_rdbpot@quant.o */
    40, /* .text.tc_mul_by_qm@quant.o */
    204, /* .text.tc_act_range_q@quant.o */
    84, /* .text.tc_act_range_f@quant.o */
    256, /* .text.tc_check_per_tensor@quant.o */
    2, /* .text.tc_fb_vector@fb.o+ */
    2, /* .text.tc_fb_vec_table@fb.o+ */
    4, /* .text.tc_fb_i32@fb.o+ */
    2, /* .text.tc_fb_u8@fb.o+ */
    2, /* .text.tc_fb_i8@fb.o+ */
    6, /* .text.tc_fb_u64@fb.o+ */
    361, /* .rodata.conv_geom_init.constprop.0.str1.4@conv.o */
    734, /* .rodata.conv_prepare.str1.4@conv.o */
    16, /* .rodata.tc_kernel_conv_2d@conv.o */
    13, /* .rodata.tc_fail.str1.4@interp.o */
    117, /* .rodata.tc_check_per_tensor.str1.4@quant.o */
    24, /* .srodata.cst8@quant.o */
    12, /* .srodata.cst4@conv.o */
    28, /* .srodata.cst4@quant.o */
    24, /* .text.conv_filter_scale@depthwise_conv.o */
    532, /* .text.conv_geom_init.constprop.0@depthwise_conv.o */
    1520, /* .text.dw_prepare@depthwise_conv.o */
    2008, /* .text.dw_invoke@depthwise_conv.o */
    48, /* .text.dw_is_3x3@depthwise_conv_s8_opt.o */
    84, /* .text.tc_depthwise_s8_opt_scratch@depthwise_conv_s8_opt.o */
    1700, /* .text.tc_depthwise_s8_opt@depthwise_conv_s8_opt.o */
    361, /* .rodata.conv_geom_init.constprop.0.str1.4@depthwise_conv.o */
    846, /* .rodata.dw_prepare.str1.4@depthwise_conv.o */
    16, /* .rodata.tc_kernel_depthwise_conv_2d@depthwise_conv.o */
    12, /* .srodata.cst4@depthwise_conv.o */
    252, /* .text.fc_s8_ref@fully_connected.o */
    596, /* .text.fc_invoke@fully_connected.o */
    40, /* .text.fc_check_per_channel@fully_connected.o */
    1472, /* .text.fc_prepare@fully_connected.o */
    72, /* .rodata.fc_check_per_channel.str1.4@fully_connected.o */
    928, /* .rodata.fc_prepare.str1.4@fully_connected.o */
    16, /* .rodata.tc_kernel_fully_connected@fully_connected.o */
    8, /* .srodata.cst8@fully_connected.o */
    42, /* .text.tc_opt_f32@interp.o */
    40, /* .text.tc_same_shape@interp.o */
    674, /* .text.softmax_prepare@softmax.o */
    348, /* .text.softmax_s8_ref@softmax.o */
    324, /* .text.softmax_invoke@softmax.o */
    48, /* .text.tc_fb_f32@fb.o */
    22, /* .text.tc_clz32@fixedpoint.o */
    58, /* .text.tc_fp_mul_pot@fixedpoint.o */
    4, /* .text.tc_fp_rescale@fixedpoint.o */
    246, /* .text.tc_fp_exp_on_negative_values@fixedpoint.o */
    156, /* .text.tc_fp_one_over_one_plus_x_for_x_in_0_1@fixedpoint.o */
    54, /* .text.tc_fp_reciprocal@fixedpoint.o */
    536, /* .rodata.softmax_prepare.str1.4@softmax.o */
    16, /* .rodata.tc_kernel_softmax@softmax.o */
    28, /* .rodata.exp_neg_pow2.0@fixedpoint.o */
    24, /* .srodata.cst8@softmax.o */
    16, /* .srodata.cst4@softmax.o */
    2, /* .text.tc_interp_input@interp.o+ */
    2, /* .text.tc_interp_output@interp.o+ */
    312, /* .text.logistic_invoke@logistic.o */
    612, /* .text.logistic_prepare@logistic.o */
    4, /* .text.tc_round@quant.o */
    54, /* .text.tc_fp_logistic@fixedpoint.o */
    388, /* .rodata.logistic_prepare.str1.4@logistic.o */
    16, /* .rodata.tc_kernel_logistic@logistic.o */
    24, /* .srodata.cst8@logistic.o */
    12, /* .srodata.cst4@logistic.o */
    632, /* .text.addsub_invoke@add_sub.o */
    4, /* .text.add_invoke@add_sub.o */
    96, /* .text.quantize_below_one@add_sub.o */
    990, /* .text.addsub_prepare@add_sub.o */
    4, /* .text.add_prepare@add_sub.o */
    160, /* .text.tc_bcast_check@broadcast.o */
    408, /* .text.tc_bcast_init@broadcast.o */
    34, /* .text.tc_bcast_begin@broadcast.o */
    86, /* .text.tc_bcast_next@broadcast.o */
    460, /* .rodata.addsub_prepare.str1.4@add_sub.o */
    16, /* .rodata.tc_kernel_add@add_sub.o */
    16, /* .srodata.cst8@add_sub.o */
    4, /* .srodata.cst4@add_sub.o */
    4, /* .text.sub_invoke@add_sub.o */
    4, /* .text.sub_prepare@add_sub.o */
    16, /* .rodata.tc_kernel_sub@add_sub.o */
    584, /* .text.mul_invoke@mul.o */
    632, /* .text.mul_prepare@mul.o */
    396, /* .rodata.mul_prepare.str1.4@mul.o */
    16, /* .rodata.tc_kernel_mul@mul.o */
    186, /* .text.relu_invoke@activations.o */
    256, /* .text.unary_check@activations.o */
    70, /* .text.unary_s8_check@activations.o */
    180, /* .text.relu_prepare@activations.o */
    190, /* .rodata.unary_check.str1.4@activations.o */
    8, /* .rodata.relu6_prepare.str1.4@activations.o */
    7, /* .rodata.unary_s8_check.str1.4@activations.o */
    16, /* .rodata.tc_kernel_relu@activations.o */
    198, /* .text.relu6_invoke@activations.o */
    182, /* .text.relu6_prepare@activations.o */
    16, /* .rodata.tc_kernel_relu6@activations.o */
    20, /* .srodata.cst4@activations.o */
    238, /* .text.leaky_relu_invoke@activations.o */
    184, /* .text.leaky_relu_prepare@activations.o */
    16, /* .rodata.tc_kernel_leaky_relu@activations.o */
    76, /* .text.rdbpot16@activations.o */
    290, /* .text.hard_swish_prepare@activations.o */
    554, /* .text.hard_swish_invoke@activations.o */
    90, /* .rodata.hard_swish_prepare.str1.4@activations.o */
    16, /* .rodata.tc_kernel_hard_swish@activations.o */
    22, /* .text.is_q_type@quantize.o */
    164, /* .text.unary_check.constprop.0@quantize.o */
    322, /* .text.quantize_prepare@quantize.o */
    376, /* .text.quantize_invoke@quantize.o */
    118, /* .rodata.unary_check.constprop.0.str1.4@quantize.o */
    88, /* .rodata.dequantize_prepare.str1.4@quantize.o */
    100, /* .rodata.quantize_prepare.str1.4@quantize.o */
    16, /* .rodata.tc_kernel_quantize@quantize.o */
    8, /* .srodata.cst4@quantize.o */
    176, /* .text.dequantize_invoke@quantize.o */
    138, /* .text.dequantize_prepare@quantize.o */
    16, /* .rodata.tc_kernel_dequantize@quantize.o */
    766, /* .text.maxpool_invoke@pooling.o */
    862, /* .text.pool_prepare@pooling.o */
    556, /* .rodata.pool_prepare.str1.4@pooling.o */
    16, /* .rodata.tc_kernel_max_pool_2d@pooling.o */
    8, /* .srodata.cst8@pooling.o */
    4, /* .srodata.cst4@pooling.o */
    790, /* .text.avgpool_invoke@pooling.o */
    16, /* .rodata.tc_kernel_average_pool_2d@pooling.o */
    92, /* .text.mean_layout@reduce.o */
    630, /* .text.mean_invoke@reduce.o */
    1040, /* .text.mean_prepare@reduce.o */
    529, /* .rodata.mean_prepare.str1.4@reduce.o */
    16, /* .rodata.tc_kernel_mean@reduce.o */
    86, /* .text.fill_elems@pad.o */
    24, /* .text.pad_amount@pad.o */
    466, /* .text.pad_invoke@pad.o */
    788, /* .text.pad_prepare@pad.o */
    725, /* .rodata.pad_prepare.str1.4@pad.o */
    16, /* .rodata.tc_kernel_pad@pad.o */
    192, /* .text.concat_invoke@concatenation.o */
    664, /* .text.concat_prepare@concatenation.o */
    473, /* .rodata.concat_prepare.str1.4@concatenation.o */
    16, /* .rodata.tc_kernel_concatenation@concatenation.o */
    504, /* .text.transpose_invoke@transpose.o */
    486, /* .text.transpose_prepare@transpose.o */
    374, /* .rodata.transpose_prepare.str1.4@transpose.o */
    16, /* .rodata.tc_kernel_transpose@transpose.o */
    68, /* .text.copy_invoke@reshape.o */
    148, /* .text.same_type_and_size@reshape.o */
    202, /* .text.reshape_prepare@reshape.o */
    85, /* .rodata.same_type_and_size.str1.4@reshape.o */
    95, /* .rodata.reshape_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_reshape@reshape.o */
    84, /* .text.tc_opt_vec_i32@interp.o */
    312, /* .text.squeeze_prepare@reshape.o */
    135, /* .rodata.squeeze_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_squeeze@reshape.o */
    100, /* .text.shape_invoke@reshape.o */
    260, /* .text.shape_prepare@reshape.o */
    112, /* .rodata.shape_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_shape@reshape.o */
    60, /* .text.ss_inputs@reshape.o */
    74, /* .text.index_at@reshape.o */
    450, /* .text.ss_resolve@reshape.o */
    310, /* .text.strided_slice_invoke@reshape.o */
    872, /* .text.strided_slice_prepare@reshape.o */
    599, /* .rodata.strided_slice_prepare.str1.4@reshape.o */
    20, /* .rodata.str1.4@reshape.o */
    12, /* .rodata.names.0@reshape.o */
    16, /* .rodata.tc_kernel_strided_slice@reshape.o */
    202, /* .text.pack_invoke@reshape.o */
    568, /* .text.pack_prepare@reshape.o */
    376, /* .rodata.pack_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_pack@reshape.o */
};
/* Per op: its sections, tc_fp_op_secs[first .. first + n). */
static const unsigned short tc_fp_op_secs[] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
    37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 0, 49, 50, 51, 52, 53,
    54, 55, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    26, 27, 28, 29, 30, 31, 32, 33, 34, 5, 6, 7, 8, 9, 10, 35, 36, 37, 38,
    39, 40, 56, 57, 58, 44, 45, 46, 59, 48, 0, 60, 61, 62, 63, 11, 12, 13,
    14, 15, 16, 18, 20, 21, 22, 23, 24, 25, 27, 28, 29, 30, 31, 32, 33,
    37, 40, 64, 65, 66, 44, 67, 46, 48, 0, 11, 12, 13, 14, 15, 16, 18, 68,
    21, 69, 23, 70, 71, 72, 40, 73, 74, 75, 76, 77, 78, 79, 28, 29, 30,
    44, 80, 81, 82, 83, 46, 84, 0, 12, 13, 14, 15, 16, 18, 21, 69, 85, 86,
    87, 88, 24, 89, 29, 30, 31, 40, 75, 77, 78, 90, 44, 91, 92, 82, 93,
    94, 0, 95, 96, 97, 98, 99, 100, 101, 102, 103, 11, 12, 13, 14, 15, 16,
    18, 20, 22, 23, 24, 25, 27, 28, 29, 30, 31, 32, 33, 34, 37, 39, 40,
    104, 105, 44, 45, 106, 46, 107, 48, 0, 95, 108, 97, 98, 109, 100, 101,
    102, 103, 11, 12, 13, 14, 15, 16, 18, 20, 22, 23, 24, 25, 27, 28, 29,
    30, 31, 32, 33, 34, 37, 39, 40, 104, 110, 44, 45, 106, 46, 107, 48,
    0, 11, 12, 13, 14, 15, 16, 18, 20, 23, 24, 111, 112, 27, 28, 29, 30,
    31, 32, 33, 34, 100, 101, 102, 103, 37, 40, 44, 113, 114, 45, 46, 48,
    0, 115, 116, 117, 118, 12, 13, 14, 15, 16, 18, 21, 69, 24, 28, 29, 30,
    31, 34, 40, 119, 120, 121, 122, 44, 45, 46, 0, 123, 116, 124, 12, 13,
    14, 15, 16, 18, 21, 69, 24, 34, 40, 119, 120, 125, 44, 45, 126, 0, 127,
    116, 117, 128, 11, 12, 13, 14, 15, 16, 18, 68, 21, 69, 23, 24, 28, 29,
    30, 31, 34, 37, 40, 73, 119, 120, 121, 129, 44, 45, 46, 0, 130, 116,
    117, 131, 132, 12, 13, 14, 15, 16, 18, 21, 69, 24, 28, 34, 40, 119,
    120, 121, 133, 134, 44, 45, 46, 126, 0, 12, 13, 14, 15, 16, 18, 21,
    69, 135, 136, 137, 138, 40, 28, 29, 30, 31, 34, 44, 139, 140, 141, 142,
    45, 46, 143, 0, 12, 13, 14, 18, 21, 69, 135, 144, 136, 145, 40, 34,
    44, 139, 140, 146, 45, 0, 11, 12, 13, 14, 15, 16, 18, 19, 20, 23, 147,
    148, 27, 32, 33, 40, 44, 149, 150, 151, 152, 48, 0, 11, 12, 13, 14,
    15, 16, 18, 19, 20, 23, 153, 148, 27, 32, 33, 40, 44, 149, 154, 151,
    48, 0, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 23, 155, 156, 157, 40,
    28, 29, 30, 31, 44, 158, 159, 46, 0, 13, 14, 18, 21, 160, 161, 162,
    163, 40, 44, 164, 165, 0, 166, 167, 11, 12, 13, 14, 18, 19, 20, 23,
    24, 40, 168, 169, 44, 0, 13, 14, 18, 21, 170, 171, 40, 44, 172, 173,
    0, 13, 14, 18, 21, 174, 175, 176, 40, 44, 177, 178, 179, 0, 11, 12,
    13, 14, 18, 180, 21, 23, 174, 175, 181, 40, 44, 177, 182, 183, 0, 11,
    12, 13, 14, 18, 20, 23, 184, 185, 40, 44, 182, 186, 187, 0, 11, 12,
    13, 14, 18, 19, 20, 21, 23, 188, 189, 190, 191, 192, 40, 44, 177, 193,
    194, 195, 196, 0, 11, 12, 13, 14, 18, 19, 69, 23, 197, 198, 40, 44,
    193, 199, 200,
};
static const struct {
  const char *op;
  unsigned short first, n;
} tc_fp_ops[] = {
    {"CONV_2D", 0, 49},
    {"DEPTHWISE_CONV_2D", 49, 52},
    {"FULLY_CONNECTED", 101, 34},
    {"SOFTMAX", 135, 33},
    {"LOGISTIC", 168, 29},
    {"ADD", 197, 41},
    {"SUB", 238, 41},
    {"MUL", 279, 33},
    {"RELU", 312, 27},
    {"RELU6", 339, 21},
    {"LEAKY_RELU", 360, 32},
    {"HARD_SWISH", 392, 27},
    {"QUANTIZE", 419, 27},
    {"DEQUANTIZE", 446, 18},
    {"MAX_POOL_2D", 464, 23},
    {"AVERAGE_POOL_2D", 487, 22},
    {"MEAN", 509, 24},
    {"PAD", 533, 13},
    {"CONCATENATION", 546, 16},
    {"TRANSPOSE", 562, 11},
    {"RESHAPE", 573, 13},
    {"SQUEEZE", 586, 17},
    {"SHAPE", 603, 15},
    {"STRIDED_SLICE", 618, 22},
    {"PACK", 640, 16},
};

#endif
