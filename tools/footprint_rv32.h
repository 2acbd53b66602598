/* The runtime's footprint on rv32imc -Os (ESP32-C3 ISA), measured: do not edit.
 * Regenerate with `make bench-rv32`, which runs
 *   sh ports/rv32-qemu/footprint.sh BUILD tools/footprint_rv32.h
 * (sizes from the runners' link maps, ports/rv32-qemu/sizes.sh).
 * Compiler: riscv64-unknown-elf-gcc (12.2.0-14+deb12u1+11+b2) 12.2.0, picolibc. */
#ifndef TC_FOOTPRINT_RV32_H
#define TC_FOOTPRINT_RV32_H

/* Loader, verifier, planner, interpreter: .text + .rodata. */
#define TC_FP_CORE_FLASH 15874u
/* The runtime's .data + .bss (every kernel linked). */
#define TC_FP_STATIC_RAM 0u
/* Deepest stack of load, arena size, init and invoke (demo model). */
#define TC_FP_STACK 9179u

/* Flash of each runtime section an op pulls in beyond the core. */
static const unsigned tc_fp_sec_bytes[] = {
    20, /* .text.tc_kernel_find@registry.o+ */
    20, /* .text.tc_stream_find@registry.o+ */
    1138, /* .text.conv_prepare@conv.o */
    132, /* .text.conv_window@conv.o */
    2084, /* .text.conv_rows@conv.o */
    70, /* .text.conv_invoke@conv.o */
    590, /* .text.tc_conv_geom_init@conv_common.o */
    116, /* .text.tc_conv_request_overlap@conv_common.o */
    90, /* .text.tc_conv_check_filter_quant@conv_common.o */
    124, /* .text.tc_conv_check_act_range@conv_common.o */
    110, /* .text.tc_conv_multipliers_invoke@conv_common.o */
    194, /* .text.tc_conv_multipliers@conv_common.o */
    64, /* .text.conv_is_direct@conv_s8_opt.o */
    230, /* .text.conv_store_any@conv_s8_opt.o */
    1160, /* .text.conv_tile44_n@conv_s8_opt.o */
    284, /* .text.conv_tile_tail@conv_s8_opt.o */
    148, /* .text.conv_tile_small@conv_s8_opt.o */
    86, /* .text.tc_conv_s8_opt_scratch@conv_s8_opt.o */
    1392, /* .text.tc_conv_s8_opt@conv_s8_opt.o */
    60, /* .text.opt_table@interp.o */
    2, /* .text.band_bytes@interp.o+ */
    12, /* .text.build@interp.o+ */
    4, /* .text.tc_measuring@interp.o */
    10, /* .text.tc_scratch@interp.o */
    8, /* .text.tc_overlap@interp.o */
    92, /* .text.tc_fail@interp.o */
    44, /* .text.tc_opt_i32@interp.o */
    44, /* .text.tc_opt_u8@interp.o */
    30, /* .text.tc_numel@interp.o */
    12, /* .text.tc_model_fb@model.o */
    20, /* .text.tc_model_load@model.o+ */
    12, /* .text.tc_vmsgf@msg.o+ */
    2, /* .text.tc_msgf@msg.o+ */
    606, /* .text.tc_window_lead@overlap.o */
    8, /* .text.place_order@planner.o+ */
    2, /* .text.tc_plan_collect@planner.o+ */
    84, /* .text.decompose@qm_int.o */
    70, /* .text.tc_qm_begin@qm_int.o */
    442, /* .text.tc_qm_channel@qm_int.o */
    82, /* .text.act_bound@quant.o */
    224, /* .text.tc_quantize_multiplier@quant.o */
    80, /* .text.tc_srdhm@quant.o */
    58, /* .text.tc_rdbpot@quant.o */
    40, /* .text.tc_mul_by_qm@quant.o */
    204, /* .text.tc_act_range_q@quant.o */
    84, /* .text.tc_act_range_f@quant.o */
    256, /* .text.tc_check_per_tensor@quant.o */
    2, /* .text.tc_fb_ref@fb.o+ */
    2, /* .text.tc_fb_vector@fb.o+ */
    2, /* .text.tc_fb_vec_table@fb.o+ */
    2, /* .text.tc_fb_string@fb.o+ */
    4, /* .text.tc_fb_i32@fb.o+ */
    2, /* .text.tc_fb_u8@fb.o+ */
    2, /* .text.tc_fb_i8@fb.o+ */
    2, /* .text.tc_fb_u64@fb.o+ */
    506, /* .rodata.conv_prepare.str1.4@conv.o */
    16, /* .rodata.tc_kernel_conv_2d@conv.o */
    12, /* .rodata.tc_stream_conv_2d@conv.o */
    429, /* .rodata.tc_conv_geom_init.str1.4@conv_common.o */
    176, /* .rodata.tc_conv_check_filter_quant.str1.4@conv_common.o */
    51, /* .rodata.tc_conv_check_act_range.str1.4@conv_common.o */
    13, /* .rodata.tc_fail.str1.4@interp.o */
    117, /* .rodata.tc_check_per_tensor.str1.4@quant.o */
    24, /* .srodata.cst8@quant.o */
    12, /* .srodata.cst4@conv_common.o */
    28, /* .srodata.cst4@quant.o */
    8, /* .srodata.conv_opts@conv.o */
    132, /* .text.dw_window@depthwise_conv.o */
    1150, /* .text.dw_prepare@depthwise_conv.o */
    2020, /* .text.dw_rows@depthwise_conv.o */
    70, /* .text.dw_invoke@depthwise_conv.o */
    48, /* .text.dw_is_3x3@depthwise_conv_s8_opt.o */
    84, /* .text.tc_depthwise_s8_opt_scratch@depthwise_conv_s8_opt.o */
    1782, /* .text.tc_depthwise_s8_opt@depthwise_conv_s8_opt.o */
    618, /* .rodata.dw_prepare.str1.4@depthwise_conv.o */
    16, /* .rodata.tc_kernel_depthwise_conv_2d@depthwise_conv.o */
    12, /* .rodata.tc_stream_depthwise_conv_2d@depthwise_conv.o */
    8, /* .srodata.dw_opts@depthwise_conv.o */
    252, /* .text.fc_s8_ref@fully_connected.o */
    596, /* .text.fc_invoke@fully_connected.o */
    40, /* .text.fc_check_per_channel@fully_connected.o */
    1484, /* .text.fc_prepare@fully_connected.o */
    28, /* .text.tc_persist@interp.o */
    72, /* .rodata.fc_check_per_channel.str1.4@fully_connected.o */
    928, /* .rodata.fc_prepare.str1.4@fully_connected.o */
    16, /* .rodata.tc_kernel_fully_connected@fully_connected.o */
    8, /* .srodata.cst8@fully_connected.o */
    44, /* .text.tc_opt_f32@interp.o */
    40, /* .text.tc_same_shape@interp.o */
    676, /* .text.softmax_prepare@softmax.o */
    348, /* .text.softmax_s8_ref@softmax.o */
    326, /* .text.softmax_invoke@softmax.o */
    50, /* .text.tc_fb_f32@fb.o */
    22, /* .text.tc_clz32@fixedpoint.o */
    58, /* .text.tc_fp_mul_pot@fixedpoint.o */
    4, /* .text.tc_fp_rescale@fixedpoint.o */
    246, /* .text.tc_fp_exp_on_negative_values@fixedpoint.o */
    156, /* .text.tc_fp_one_over_one_plus_x_for_x_in_0_1@fixedpoint.o */
    56, /* .text.tc_fp_reciprocal@fixedpoint.o */
    536, /* .rodata.softmax_prepare.str1.4@softmax.o */
    16, /* .rodata.tc_kernel_softmax@softmax.o */
    28, /* .rodata.exp_neg_pow2.0@fixedpoint.o */
    24, /* .srodata.cst8@softmax.o */
    16, /* .srodata.cst4@softmax.o */
    2, /* .text.tc_interp_init@interp.o+ */
    2, /* .text.tc_interp_input@interp.o+ */
    2, /* .text.tc_interp_output@interp.o+ */
    318, /* .text.logistic_invoke@logistic.o */
    616, /* .text.logistic_prepare@logistic.o */
    4, /* .text.tc_round@quant.o */
    54, /* .text.tc_fp_logistic@fixedpoint.o */
    388, /* .rodata.logistic_prepare.str1.4@logistic.o */
    16, /* .rodata.tc_kernel_logistic@logistic.o */
    24, /* .srodata.cst8@logistic.o */
    12, /* .srodata.cst4@logistic.o */
    632, /* .text.addsub_invoke@add_sub.o */
    4, /* .text.add_invoke@add_sub.o */
    96, /* .text.quantize_below_one@add_sub.o */
    996, /* .text.addsub_prepare@add_sub.o */
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
    634, /* .text.mul_prepare@mul.o */
    396, /* .rodata.mul_prepare.str1.4@mul.o */
    16, /* .rodata.tc_kernel_mul@mul.o */
    190, /* .text.relu_invoke@activations.o */
    258, /* .text.unary_check@activations.o */
    70, /* .text.unary_s8_check@activations.o */
    184, /* .text.relu_prepare@activations.o */
    190, /* .rodata.unary_check.str1.4@activations.o */
    8, /* .rodata.relu6_prepare.str1.4@activations.o */
    7, /* .rodata.unary_s8_check.str1.4@activations.o */
    16, /* .rodata.tc_kernel_relu@activations.o */
    202, /* .text.relu6_invoke@activations.o */
    186, /* .text.relu6_prepare@activations.o */
    16, /* .rodata.tc_kernel_relu6@activations.o */
    20, /* .srodata.cst4@activations.o */
    244, /* .text.leaky_relu_invoke@activations.o */
    190, /* .text.leaky_relu_prepare@activations.o */
    16, /* .rodata.tc_kernel_leaky_relu@activations.o */
    76, /* .text.rdbpot16@activations.o */
    296, /* .text.hard_swish_prepare@activations.o */
    558, /* .text.hard_swish_invoke@activations.o */
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
    176, /* .text.pool_sub@pooling.o */
    842, /* .text.maxpool_rows@pooling.o */
    70, /* .text.maxpool_invoke@pooling.o */
    126, /* .text.pool_window_rows@pooling.o */
    916, /* .text.pool_prepare@pooling.o */
    556, /* .rodata.pool_prepare.str1.4@pooling.o */
    12, /* .rodata.tc_stream_max_pool_2d@pooling.o */
    16, /* .rodata.tc_kernel_max_pool_2d@pooling.o */
    8, /* .srodata.cst8@pooling.o */
    4, /* .srodata.cst4@pooling.o */
    892, /* .text.avgpool_rows@pooling.o */
    70, /* .text.avgpool_invoke@pooling.o */
    12, /* .rodata.tc_stream_average_pool_2d@pooling.o */
    16, /* .rodata.tc_kernel_average_pool_2d@pooling.o */
    92, /* .text.mean_layout@reduce.o */
    630, /* .text.mean_invoke@reduce.o */
    1040, /* .text.mean_prepare@reduce.o */
    529, /* .rodata.mean_prepare.str1.4@reduce.o */
    16, /* .rodata.tc_kernel_mean@reduce.o */
    86, /* .text.fill_elems@pad.o */
    24, /* .text.pad_amount@pad.o */
    466, /* .text.pad_invoke@pad.o */
    792, /* .text.pad_prepare@pad.o */
    725, /* .rodata.pad_prepare.str1.4@pad.o */
    16, /* .rodata.tc_kernel_pad@pad.o */
    194, /* .text.concat_invoke@concatenation.o */
    682, /* .text.concat_prepare@concatenation.o */
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
    86, /* .text.tc_opt_vec_i32@interp.o */
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
    37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,
    54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 0, 1, 67, 68, 69,
    70, 71, 72, 73, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    32, 34, 39, 40, 41, 42, 43, 44, 45, 46, 6, 7, 8, 9, 10, 11, 12, 13,
    14, 15, 16, 17, 18, 47, 48, 49, 50, 51, 52, 53, 54, 33, 36, 37, 38,
    74, 75, 76, 61, 62, 58, 59, 60, 63, 65, 64, 77, 0, 78, 79, 80, 81, 19,
    20, 21, 22, 82, 25, 27, 28, 29, 30, 31, 32, 34, 39, 40, 41, 42, 43,
    44, 45, 48, 49, 51, 52, 53, 54, 83, 84, 85, 61, 86, 63, 65, 0, 19, 22,
    82, 25, 87, 28, 88, 29, 30, 89, 90, 91, 49, 51, 53, 54, 92, 93, 94,
    95, 96, 97, 98, 40, 41, 42, 61, 99, 100, 101, 102, 63, 103, 0, 22, 82,
    25, 28, 88, 104, 105, 106, 107, 108, 30, 31, 34, 109, 41, 42, 43, 51,
    54, 94, 96, 97, 110, 61, 111, 112, 101, 113, 114, 0, 115, 116, 117,
    118, 119, 120, 121, 122, 123, 19, 20, 21, 22, 82, 25, 27, 29, 30, 31,
    32, 34, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54,
    124, 125, 61, 62, 126, 63, 127, 65, 0, 115, 128, 117, 118, 129, 120,
    121, 122, 123, 19, 20, 21, 22, 82, 25, 27, 29, 30, 31, 32, 34, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 124, 130, 61, 62,
    126, 63, 127, 65, 0, 19, 22, 82, 25, 27, 29, 30, 131, 132, 34, 39, 40,
    41, 42, 43, 44, 45, 46, 120, 121, 122, 123, 48, 49, 51, 52, 53, 54,
    61, 133, 134, 62, 63, 65, 0, 135, 136, 137, 138, 21, 22, 82, 25, 28,
    88, 30, 31, 34, 40, 41, 42, 43, 46, 51, 53, 54, 139, 140, 141, 142,
    61, 62, 63, 0, 143, 136, 144, 21, 22, 82, 25, 28, 88, 30, 31, 34, 46,
    51, 54, 139, 140, 145, 61, 62, 146, 0, 147, 136, 137, 148, 19, 21, 22,
    82, 25, 87, 28, 88, 29, 30, 31, 34, 40, 41, 42, 43, 46, 49, 51, 53,
    54, 92, 139, 140, 141, 149, 61, 62, 63, 0, 150, 136, 137, 151, 152,
    21, 22, 82, 25, 28, 88, 30, 31, 32, 34, 40, 46, 49, 51, 53, 54, 139,
    140, 141, 153, 154, 61, 62, 63, 146, 0, 22, 82, 25, 28, 88, 30, 155,
    156, 157, 158, 51, 54, 40, 41, 42, 43, 46, 61, 159, 160, 161, 162, 62,
    63, 163, 0, 25, 28, 88, 30, 155, 164, 156, 165, 51, 46, 61, 159, 160,
    166, 62, 0, 1, 19, 21, 22, 82, 24, 25, 26, 27, 29, 30, 167, 168, 169,
    170, 171, 39, 44, 45, 48, 49, 51, 52, 53, 54, 33, 61, 172, 173, 174,
    175, 176, 65, 0, 1, 19, 21, 22, 82, 24, 25, 26, 27, 29, 30, 167, 177,
    178, 170, 171, 39, 44, 45, 48, 49, 51, 52, 53, 54, 33, 61, 172, 179,
    180, 175, 65, 0, 19, 22, 82, 23, 25, 27, 28, 29, 30, 181, 182, 183,
    49, 51, 53, 54, 40, 41, 42, 43, 61, 184, 185, 63, 0, 25, 28, 30, 186,
    187, 188, 189, 34, 51, 54, 61, 190, 191, 0, 192, 193, 19, 21, 25, 26,
    27, 29, 30, 31, 34, 51, 194, 195, 61, 0, 25, 28, 30, 196, 197, 51, 61,
    198, 199, 0, 25, 28, 30, 200, 201, 202, 51, 61, 203, 204, 205, 0, 19,
    25, 206, 28, 29, 30, 200, 201, 207, 51, 61, 203, 208, 209, 0, 19, 25,
    27, 29, 30, 210, 211, 51, 61, 208, 212, 213, 0, 19, 25, 26, 27, 28,
    29, 30, 214, 215, 216, 217, 218, 51, 53, 54, 61, 203, 219, 220, 221,
    222, 0, 19, 25, 26, 88, 29, 30, 223, 224, 51, 61, 219, 225, 226, 0,
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37,
    38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54,
    55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 0, 1, 67, 68, 69, 70,
    71, 72, 73, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
    34, 39, 40, 41, 42, 43, 44, 45, 46, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 47, 48, 49, 50, 51, 52, 53, 54, 33, 36, 37, 38, 74,
    75, 76, 61, 62, 58, 59, 60, 63, 65, 64, 77, 0, 1, 19, 21, 22, 82, 24,
    25, 26, 27, 29, 30, 167, 168, 169, 170, 171, 39, 44, 45, 48, 49, 51,
    52, 53, 54, 33, 61, 172, 173, 174, 175, 176, 65, 0, 1, 19, 21, 22, 82,
    24, 25, 26, 27, 29, 30, 167, 177, 178, 170, 171, 39, 44, 45, 48, 49,
    51, 52, 53, 54, 33, 61, 172, 179, 180, 175, 65,
};
static const struct {
  const char *op;
  unsigned short first, n;
} tc_fp_ops[] = {
    {"CONV_2D", 0, 134},
    {"DEPTHWISE_CONV_2D", 67, 138},
    {"FULLY_CONNECTED", 136, 38},
    {"SOFTMAX", 174, 34},
    {"LOGISTIC", 208, 30},
    {"ADD", 238, 45},
    {"SUB", 283, 45},
    {"MUL", 328, 35},
    {"RELU", 363, 29},
    {"RELU6", 392, 22},
    {"LEAKY_RELU", 414, 34},
    {"HARD_SWISH", 448, 31},
    {"QUANTIZE", 479, 26},
    {"DEQUANTIZE", 505, 16},
    {"MAX_POOL_2D", 521, 68},
    {"AVERAGE_POOL_2D", 555, 66},
    {"MEAN", 588, 25},
    {"PAD", 613, 14},
    {"CONCATENATION", 627, 16},
    {"TRANSPOSE", 643, 10},
    {"RESHAPE", 653, 12},
    {"SQUEEZE", 665, 15},
    {"SHAPE", 680, 13},
    {"STRIDED_SLICE", 693, 22},
    {"PACK", 715, 14},
};

#endif
