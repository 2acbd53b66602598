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
    1976, /* .text.conv_rows@conv.o */
    70, /* .text.conv_invoke@conv.o */
    590, /* .text.tc_conv_geom_init@conv_common.o */
    116, /* .text.tc_conv_request_overlap@conv_common.o */
    90, /* .text.tc_conv_check_filter_quant@conv_common.o */
    124, /* .text.tc_conv_check_act_range@conv_common.o */
    110, /* .text.tc_conv_multipliers_invoke@conv_common.o */
    194, /* .text.tc_conv_multipliers@conv_common.o */
    106, /* .text.tc_conv_quant_setup@conv_common.o */
    60, /* .text.tc_conv_job_io@conv_common.o */
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
    4, /* .text.tc_plan_collect@planner.o+ */
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
    1914, /* .text.dw_rows@depthwise_conv.o */
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
    54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 0, 1, 69,
    70, 71, 72, 73, 74, 75, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    32, 33, 34, 36, 41, 42, 43, 44, 45, 46, 47, 48, 6, 7, 8, 9, 10, 11,
    12, 13, 14, 15, 16, 17, 18, 19, 20, 49, 50, 51, 52, 53, 54, 55, 56,
    35, 38, 39, 40, 76, 77, 78, 63, 64, 60, 61, 62, 65, 67, 66, 79, 0, 80,
    81, 82, 83, 21, 22, 23, 24, 84, 27, 29, 30, 31, 32, 33, 34, 36, 41,
    42, 43, 44, 45, 46, 47, 50, 51, 53, 54, 55, 56, 85, 86, 87, 63, 88,
    65, 67, 0, 21, 24, 84, 27, 89, 30, 90, 31, 32, 91, 92, 93, 51, 53, 55,
    56, 94, 95, 96, 97, 98, 99, 100, 42, 43, 44, 63, 101, 102, 103, 104,
    65, 105, 0, 24, 84, 27, 30, 90, 106, 107, 108, 109, 110, 32, 33, 36,
    111, 43, 44, 45, 53, 56, 96, 98, 99, 112, 63, 113, 114, 103, 115, 116,
    0, 117, 118, 119, 120, 121, 122, 123, 124, 125, 21, 22, 23, 24, 84,
    27, 29, 31, 32, 33, 34, 36, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
    51, 53, 54, 55, 56, 126, 127, 63, 64, 128, 65, 129, 67, 0, 117, 130,
    119, 120, 131, 122, 123, 124, 125, 21, 22, 23, 24, 84, 27, 29, 31, 32,
    33, 34, 36, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 53, 54, 55,
    56, 126, 132, 63, 64, 128, 65, 129, 67, 0, 21, 24, 84, 27, 29, 31, 32,
    133, 134, 36, 41, 42, 43, 44, 45, 46, 47, 48, 122, 123, 124, 125, 50,
    51, 53, 54, 55, 56, 63, 135, 136, 64, 65, 67, 0, 137, 138, 139, 140,
    23, 24, 84, 27, 30, 90, 32, 33, 36, 42, 43, 44, 45, 48, 53, 55, 56,
    141, 142, 143, 144, 63, 64, 65, 0, 145, 138, 146, 23, 24, 84, 27, 30,
    90, 32, 33, 36, 48, 53, 56, 141, 142, 147, 63, 64, 148, 0, 149, 138,
    139, 150, 21, 23, 24, 84, 27, 89, 30, 90, 31, 32, 33, 36, 42, 43, 44,
    45, 48, 51, 53, 55, 56, 94, 141, 142, 143, 151, 63, 64, 65, 0, 152,
    138, 139, 153, 154, 23, 24, 84, 27, 30, 90, 32, 33, 34, 36, 42, 48,
    51, 53, 55, 56, 141, 142, 143, 155, 156, 63, 64, 65, 148, 0, 24, 84,
    27, 30, 90, 32, 157, 158, 159, 160, 53, 56, 42, 43, 44, 45, 48, 63,
    161, 162, 163, 164, 64, 65, 165, 0, 27, 30, 90, 32, 157, 166, 158, 167,
    53, 48, 63, 161, 162, 168, 64, 0, 1, 21, 23, 24, 84, 26, 27, 28, 29,
    31, 32, 169, 170, 171, 172, 173, 41, 46, 47, 50, 51, 53, 54, 55, 56,
    35, 63, 174, 175, 176, 177, 178, 67, 0, 1, 21, 23, 24, 84, 26, 27, 28,
    29, 31, 32, 169, 179, 180, 172, 173, 41, 46, 47, 50, 51, 53, 54, 55,
    56, 35, 63, 174, 181, 182, 177, 67, 0, 21, 24, 84, 25, 27, 29, 30, 31,
    32, 183, 184, 185, 51, 53, 55, 56, 42, 43, 44, 45, 63, 186, 187, 65,
    0, 27, 30, 32, 188, 189, 190, 191, 36, 53, 56, 63, 192, 193, 0, 194,
    195, 21, 23, 27, 28, 29, 31, 32, 33, 36, 53, 196, 197, 63, 0, 27, 30,
    32, 198, 199, 53, 63, 200, 201, 0, 27, 30, 32, 202, 203, 204, 53, 63,
    205, 206, 207, 0, 21, 27, 208, 30, 31, 32, 202, 203, 209, 53, 63, 205,
    210, 211, 0, 21, 27, 29, 31, 32, 212, 213, 53, 63, 210, 214, 215, 0,
    21, 27, 28, 29, 30, 31, 32, 216, 217, 218, 219, 220, 53, 55, 56, 63,
    205, 221, 222, 223, 224, 0, 21, 27, 28, 90, 31, 32, 225, 226, 53, 63,
    221, 227, 228, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
    33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
    50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66,
    67, 68, 0, 1, 69, 70, 71, 72, 73, 74, 75, 21, 22, 23, 24, 25, 26, 27,
    28, 29, 30, 31, 32, 33, 34, 36, 41, 42, 43, 44, 45, 46, 47, 48, 6, 7,
    8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 49, 50, 51, 52, 53,
    54, 55, 56, 35, 38, 39, 40, 76, 77, 78, 63, 64, 60, 61, 62, 65, 67,
    66, 79, 0, 1, 21, 23, 24, 84, 26, 27, 28, 29, 31, 32, 169, 170, 171,
    172, 173, 41, 46, 47, 50, 51, 53, 54, 55, 56, 35, 63, 174, 175, 176,
    177, 178, 67, 0, 1, 21, 23, 24, 84, 26, 27, 28, 29, 31, 32, 169, 179,
    180, 172, 173, 41, 46, 47, 50, 51, 53, 54, 55, 56, 35, 63, 174, 181,
    182, 177, 67,
};
static const struct {
  const char *op;
  unsigned short first, n;
} tc_fp_ops[] = {
    {"CONV_2D", 0, 138},
    {"DEPTHWISE_CONV_2D", 69, 142},
    {"FULLY_CONNECTED", 140, 38},
    {"SOFTMAX", 178, 34},
    {"LOGISTIC", 212, 30},
    {"ADD", 242, 45},
    {"SUB", 287, 45},
    {"MUL", 332, 35},
    {"RELU", 367, 29},
    {"RELU6", 396, 22},
    {"LEAKY_RELU", 418, 34},
    {"HARD_SWISH", 452, 31},
    {"QUANTIZE", 483, 26},
    {"DEQUANTIZE", 509, 16},
    {"MAX_POOL_2D", 525, 68},
    {"AVERAGE_POOL_2D", 559, 66},
    {"MEAN", 592, 25},
    {"PAD", 617, 14},
    {"CONCATENATION", 631, 16},
    {"TRANSPOSE", 647, 10},
    {"RESHAPE", 657, 12},
    {"SQUEEZE", 669, 15},
    {"SHAPE", 684, 13},
    {"STRIDED_SLICE", 697, 22},
    {"PACK", 719, 14},
};

#endif
