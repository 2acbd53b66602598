/* The runtime's footprint on rv32imc -Os (ESP32-C3 ISA), measured: do not edit.
 * Regenerate with `make bench-rv32`, which runs
 *   sh ports/rv32-qemu/footprint.sh BUILD tools/footprint_rv32.h
 * (sizes from the runners' link maps, ports/rv32-qemu/sizes.sh).
 * Compiler: riscv64-unknown-elf-gcc (12.2.0-14+deb12u1+11+b2) 12.2.0, picolibc. */
#ifndef TC_FOOTPRINT_RV32_H
#define TC_FOOTPRINT_RV32_H

/* Loader, verifier, planner, interpreter: .text + .rodata. */
#define TC_FP_CORE_FLASH 12394u
/* The runtime's .data + .bss (every kernel linked). */
#define TC_FP_STATIC_RAM 0u
/* Deepest stack of load, arena size, init and invoke (demo model). */
#define TC_FP_STACK 9223u

/* Flash of each runtime section an op pulls in beyond the core. */
static const unsigned tc_fp_sec_bytes[] = {
    20, /* .text.tc_kernel_find@registry.o+ */
    20, /* .text.tc_stream_find@registry.o+ */
    428, /* .text.conv_f32_nhwc@conv.o */
    490, /* .text.conv_hybrid_f32@conv.o */
    36, /* .text.conv_rows@conv.o */
    378, /* .text.conv_s8_nhwc@conv.o */
    18, /* .text.conv_window@conv.o */
    12, /* .text.conv_invoke@conv.o */
    10, /* .text.conv_prepare@conv.o */
    424, /* .text.tc_conv_geom_init@conv_common.o */
    106, /* .text.tc_conv_request_overlap@conv_common.o */
    1042, /* .text.tc_conv_prepare@conv_common.o */
    596, /* .text.tc_conv_rows@conv_common.o */
    66, /* .text.tc_conv_invoke@conv_common.o */
    108, /* .text.tc_conv_window@conv_common.o */
    64, /* .text.conv_is_direct@conv_s8_opt.o */
    176, /* .text.conv_store_any@conv_s8_opt.o */
    272, /* .text.conv_tile44_os@conv_s8_opt.o */
    68, /* .text.tc_conv_s8_opt_scratch@conv_s8_opt.o */
    1028, /* .text.tc_conv_s8_opt@conv_s8_opt.o */
    48, /* .text.opt_table@interp.o */
    2, /* .text.band_bytes@interp.o+ */
    14, /* .text.build@interp.o+ */
    4, /* .text.tc_measuring@interp.o */
    10, /* .text.tc_scratch@interp.o */
    8, /* .text.tc_overlap@interp.o */
    82, /* .text.tc_fail@interp.o */
    42, /* .text.tc_opt_i32@interp.o */
    42, /* .text.tc_opt_u8@interp.o */
    30, /* .text.tc_numel@interp.o */
    12, /* .text.tc_model_fb@model.o */
    2, /* .text.tc_model_load@model.o+ */
    450, /* .text.tc_window_lead@overlap.o */
    10, /* .text.place_order@planner.o+ */
    2, /* .text.tc_alias_root@planner.o+ */
    2, /* .text.tc_plan_collect@planner.o+ */
    2, /* .text.tc_plan_place@planner.o+ */
    84, /* .text.decompose@qm_int.o */
    86, /* .text.tc_qm_begin@qm_int.o */
    382, /* .text.tc_qm_channel@qm_int.o */
    68, /* .text.act_bound@quant.o */
    206, /* .text.tc_quantize_multiplier@quant.o */
    80, /* .text.tc_srdhm@quant.o */
    48, /* .text.tc_rdbpot@quant.o */
    36, /* .text.tc_mul_by_qm@quant.o */
    182, /* .text.tc_act_range_q@quant.o */
    84, /* .text.tc_act_range_f@quant.o */
    134, /* .text.tc_check_per_tensor@quant.o */
    2, /* .text.tc_fb_table@fb.o+ */
    4, /* .text.tc_fb_ref@fb.o+ */
    4, /* .text.tc_fb_vector@fb.o+ */
    4, /* .text.tc_fb_vec_table@fb.o+ */
    4, /* .text.tc_fb_string@fb.o+ */
    6, /* .text.tc_fb_i32@fb.o+ */
    4, /* .text.tc_fb_u8@fb.o+ */
    4, /* .text.tc_fb_i8@fb.o+ */
    4, /* .text.tc_fb_u64@fb.o+ */
    16, /* .rodata.tc_kernel_conv_2d@conv.o */
    16, /* .rodata.tc_stream_conv_2d@conv.o */
    32, /* .rodata.conv_k@conv.o */
    409, /* .rodata.tc_conv_geom_init.str1.4@conv_common.o */
    862, /* .rodata.tc_conv_prepare.str1.4@conv_common.o */
    23, /* .rodata.tc_fail.str1.4@interp.o */
    117, /* .rodata.tc_check_per_tensor.str1.4@quant.o */
    24, /* .srodata.cst8@quant.o */
    12, /* .srodata.cst4@conv_common.o */
    28, /* .srodata.cst4@quant.o */
    406, /* .text.dw_conv_f32_nhwc@depthwise_conv.o */
    466, /* .text.dw_conv_hybrid_f32@depthwise_conv.o */
    36, /* .text.dw_rows@depthwise_conv.o */
    362, /* .text.dw_conv_s8_nhwc@depthwise_conv.o */
    18, /* .text.dw_window@depthwise_conv.o */
    12, /* .text.dw_invoke@depthwise_conv.o */
    12, /* .text.dw_prepare@depthwise_conv.o */
    48, /* .text.dw_is_3x3@depthwise_conv_s8_opt.o */
    380, /* .text.dw_row_os@depthwise_conv_s8_opt.o */
    82, /* .text.tc_depthwise_s8_opt_scratch@depthwise_conv_s8_opt.o */
    564, /* .text.tc_depthwise_s8_opt@depthwise_conv_s8_opt.o */
    16, /* .rodata.tc_kernel_depthwise_conv_2d@depthwise_conv.o */
    16, /* .rodata.tc_stream_depthwise_conv_2d@depthwise_conv.o */
    32, /* .rodata.dw_k@depthwise_conv.o */
    206, /* .text.fc_s8_ref@fully_connected.o */
    524, /* .text.fc_invoke@fully_connected.o */
    1208, /* .text.fc_prepare@fully_connected.o */
    28, /* .text.tc_persist@interp.o */
    1000, /* .rodata.fc_prepare.str1.4@fully_connected.o */
    16, /* .rodata.tc_kernel_fully_connected@fully_connected.o */
    8, /* .srodata.cst8@fully_connected.o */
    42, /* .text.tc_opt_f32@interp.o */
    38, /* .text.tc_same_shape@interp.o */
    538, /* .text.softmax_prepare@softmax.o */
    302, /* .text.softmax_s8_ref@softmax.o */
    254, /* .text.softmax_invoke@softmax.o */
    40, /* .text.tc_fb_f32@fb.o */
    22, /* .text.tc_clz32@fixedpoint.o */
    58, /* .text.tc_fp_mul_pot@fixedpoint.o */
    4, /* .text.tc_fp_rescale@fixedpoint.o */
    212, /* .text.tc_fp_exp_on_negative_values@fixedpoint.o */
    140, /* .text.tc_fp_one_over_one_plus_x_for_x_in_0_1@fixedpoint.o */
    44, /* .text.tc_fp_reciprocal@fixedpoint.o */
    536, /* .rodata.softmax_prepare.str1.4@softmax.o */
    16, /* .rodata.tc_kernel_softmax@softmax.o */
    28, /* .rodata.exp_neg_pow2.0@fixedpoint.o */
    32, /* .srodata.cst8@softmax.o */
    16, /* .srodata.cst4@softmax.o */
    2, /* .text.tc_interp_output@interp.o+ */
    284, /* .text.logistic_invoke@logistic.o */
    424, /* .text.logistic_prepare@logistic.o */
    4, /* .text.tc_round@quant.o */
    48, /* .text.tc_fp_logistic@fixedpoint.o */
    388, /* .rodata.logistic_prepare.str1.4@logistic.o */
    16, /* .rodata.tc_kernel_logistic@logistic.o */
    24, /* .srodata.cst8@logistic.o */
    12, /* .srodata.cst4@logistic.o */
    576, /* .text.addsub_invoke@add_sub.o */
    4, /* .text.add_invoke@add_sub.o */
    82, /* .text.quantize_below_one.constprop.0@add_sub.o */
    486, /* .text.addsub_prepare@add_sub.o */
    4, /* .text.add_prepare@add_sub.o */
    160, /* .text.tc_bcast_check@broadcast.o */
    398, /* .text.tc_bcast_init@broadcast.o */
    34, /* .text.tc_bcast_begin@broadcast.o */
    86, /* .text.tc_bcast_next@broadcast.o */
    258, /* .text.tc_binary_check@broadcast.o */
    80, /* .rodata.addsub_prepare.str1.4@add_sub.o */
    16, /* .rodata.tc_kernel_add@add_sub.o */
    377, /* .rodata.tc_binary_check.str1.4@broadcast.o */
    16, /* .srodata.cst8@add_sub.o */
    4, /* .srodata.cst4@add_sub.o */
    4, /* .text.sub_invoke@add_sub.o */
    4, /* .text.sub_prepare@add_sub.o */
    16, /* .rodata.tc_kernel_sub@add_sub.o */
    538, /* .text.mul_invoke@mul.o */
    242, /* .text.mul_prepare@mul.o */
    16, /* .rodata.mul_prepare.str1.4@mul.o */
    16, /* .rodata.tc_kernel_mul@mul.o */
    164, /* .text.relu_invoke@activations.o */
    152, /* .text.unary_check@activations.o */
    46, /* .text.unary_s8_check@activations.o */
    158, /* .text.relu_prepare@activations.o */
    190, /* .rodata.unary_check.str1.4@activations.o */
    8, /* .rodata.relu6_prepare.str1.4@activations.o */
    7, /* .rodata.unary_s8_check.str1.4@activations.o */
    16, /* .rodata.tc_kernel_relu@activations.o */
    176, /* .text.relu6_invoke@activations.o */
    164, /* .text.relu6_prepare@activations.o */
    16, /* .rodata.tc_kernel_relu6@activations.o */
    20, /* .srodata.cst4@activations.o */
    210, /* .text.leaky_relu_invoke@activations.o */
    168, /* .text.leaky_relu_prepare@activations.o */
    16, /* .rodata.tc_kernel_leaky_relu@activations.o */
    66, /* .text.rdbpot16@activations.o */
    242, /* .text.hard_swish_prepare@activations.o */
    512, /* .text.hard_swish_invoke@activations.o */
    90, /* .rodata.hard_swish_prepare.str1.4@activations.o */
    16, /* .rodata.tc_kernel_hard_swish@activations.o */
    22, /* .text.is_q_type@quantize.o */
    114, /* .text.unary_check.constprop.0@quantize.o */
    272, /* .text.quantize_prepare@quantize.o */
    330, /* .text.quantize_invoke@quantize.o */
    118, /* .rodata.unary_check.constprop.0.str1.4@quantize.o */
    88, /* .rodata.dequantize_prepare.str1.4@quantize.o */
    100, /* .rodata.quantize_prepare.str1.4@quantize.o */
    16, /* .rodata.tc_kernel_quantize@quantize.o */
    8, /* .srodata.cst4@quantize.o */
    132, /* .text.dequantize_invoke@quantize.o */
    94, /* .text.dequantize_prepare@quantize.o */
    16, /* .rodata.tc_kernel_dequantize@quantize.o */
    130, /* .text.pool_sub@pooling.o */
    852, /* .text.maxpool_rows@pooling.o */
    58, /* .text.maxpool_invoke@pooling.o */
    106, /* .text.pool_window_rows@pooling.o */
    450, /* .text.pool_prepare@pooling.o */
    319, /* .rodata.pool_prepare.str1.4@pooling.o */
    16, /* .rodata.tc_stream_max_pool_2d@pooling.o */
    16, /* .rodata.tc_kernel_max_pool_2d@pooling.o */
    8, /* .srodata.cst8@pooling.o */
    4, /* .srodata.cst4@pooling.o */
    8, /* .srodata.pool_fields@pooling.o */
    794, /* .text.avgpool_rows@pooling.o */
    58, /* .text.avgpool_invoke@pooling.o */
    16, /* .rodata.tc_stream_average_pool_2d@pooling.o */
    16, /* .rodata.tc_kernel_average_pool_2d@pooling.o */
    92, /* .text.mean_layout@reduce.o */
    584, /* .text.mean_invoke@reduce.o */
    712, /* .text.mean_prepare@reduce.o */
    529, /* .rodata.mean_prepare.str1.4@reduce.o */
    16, /* .rodata.tc_kernel_mean@reduce.o */
    56, /* .text.fill_elems@pad.o */
    24, /* .text.pad_amount@pad.o */
    424, /* .text.pad_invoke@pad.o */
    554, /* .text.pad_prepare@pad.o */
    725, /* .rodata.pad_prepare.str1.4@pad.o */
    16, /* .rodata.tc_kernel_pad@pad.o */
    156, /* .text.concat_invoke@concatenation.o */
    380, /* .text.concat_prepare@concatenation.o */
    473, /* .rodata.concat_prepare.str1.4@concatenation.o */
    16, /* .rodata.tc_kernel_concatenation@concatenation.o */
    426, /* .text.transpose_invoke@transpose.o */
    328, /* .text.transpose_prepare@transpose.o */
    374, /* .rodata.transpose_prepare.str1.4@transpose.o */
    16, /* .rodata.tc_kernel_transpose@transpose.o */
    40, /* .text.copy_invoke@reshape.o */
    76, /* .text.same_type_and_size@reshape.o */
    144, /* .text.reshape_prepare@reshape.o */
    85, /* .rodata.same_type_and_size.str1.4@reshape.o */
    95, /* .rodata.reshape_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_reshape@reshape.o */
    80, /* .text.tc_opt_vec_i32@interp.o */
    278, /* .text.squeeze_prepare@reshape.o */
    144, /* .rodata.shape_prepare.str1.4@reshape.o */
    103, /* .rodata.squeeze_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_squeeze@reshape.o */
    84, /* .text.shape_invoke@reshape.o */
    154, /* .text.shape_prepare@reshape.o */
    16, /* .rodata.tc_kernel_shape@reshape.o */
    46, /* .text.ss_inputs@reshape.o */
    74, /* .text.index_at@reshape.o */
    404, /* .text.ss_resolve@reshape.o */
    288, /* .text.strided_slice_invoke@reshape.o */
    544, /* .text.strided_slice_prepare@reshape.o */
    599, /* .rodata.strided_slice_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_strided_slice@reshape.o */
    164, /* .text.pack_invoke@reshape.o */
    380, /* .text.pack_prepare@reshape.o */
    376, /* .rodata.pack_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_pack@reshape.o */
};
/* Per op: its sections, tc_fp_op_secs[first .. first + n). */
static const unsigned short tc_fp_op_secs[] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
    37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,
    54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 0, 1, 67, 68, 69,
    70, 71, 72, 73, 74, 75, 76, 77, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    29, 30, 33, 34, 35, 36, 40, 41, 42, 43, 44, 45, 46, 47, 9, 10, 11, 12,
    13, 14, 15, 16, 17, 18, 19, 48, 49, 50, 51, 52, 53, 54, 55, 56, 32,
    37, 38, 39, 78, 79, 80, 62, 63, 60, 61, 64, 66, 65, 0, 81, 82, 83, 20,
    21, 22, 23, 84, 26, 28, 29, 30, 31, 33, 34, 35, 36, 40, 41, 42, 43,
    44, 45, 46, 48, 49, 50, 51, 52, 53, 54, 55, 56, 85, 86, 62, 87, 64,
    66, 0, 20, 23, 84, 26, 88, 29, 89, 30, 33, 34, 35, 36, 90, 91, 92, 48,
    49, 50, 51, 52, 53, 54, 55, 56, 93, 94, 95, 96, 97, 98, 99, 41, 42,
    43, 62, 100, 101, 102, 103, 64, 104, 0, 23, 84, 26, 29, 89, 105, 106,
    107, 33, 34, 35, 36, 108, 42, 43, 44, 48, 49, 50, 51, 52, 53, 54, 55,
    56, 95, 97, 98, 109, 62, 110, 111, 102, 112, 113, 0, 114, 115, 116,
    117, 118, 119, 120, 121, 122, 123, 20, 21, 22, 23, 84, 26, 28, 30, 31,
    33, 34, 35, 36, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
    53, 54, 55, 56, 124, 125, 126, 62, 63, 127, 64, 128, 66, 0, 114, 129,
    116, 117, 130, 119, 120, 121, 122, 123, 20, 21, 22, 23, 84, 26, 28,
    30, 31, 33, 34, 35, 36, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
    51, 52, 53, 54, 55, 56, 124, 131, 126, 62, 63, 127, 64, 128, 66, 0,
    20, 23, 84, 26, 28, 30, 132, 133, 33, 34, 35, 36, 40, 41, 42, 43, 44,
    45, 46, 47, 119, 120, 121, 122, 123, 48, 49, 50, 51, 52, 53, 54, 55,
    56, 62, 134, 135, 63, 126, 64, 66, 0, 136, 137, 138, 139, 22, 23, 84,
    26, 29, 89, 33, 34, 35, 36, 41, 42, 43, 44, 47, 48, 49, 50, 51, 52,
    53, 54, 55, 56, 140, 141, 142, 143, 62, 63, 64, 0, 144, 137, 145, 22,
    23, 84, 26, 29, 89, 33, 34, 35, 36, 47, 48, 49, 50, 51, 52, 53, 54,
    55, 56, 140, 141, 146, 62, 63, 147, 0, 148, 137, 138, 149, 20, 22, 23,
    84, 26, 88, 29, 89, 30, 33, 34, 35, 36, 41, 42, 43, 44, 47, 48, 49,
    50, 51, 52, 53, 54, 55, 56, 93, 140, 141, 142, 150, 62, 63, 64, 0, 151,
    137, 138, 152, 153, 22, 23, 84, 26, 29, 89, 33, 34, 35, 36, 41, 47,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 140, 141, 142, 154, 155, 62, 63,
    64, 147, 0, 23, 84, 26, 29, 89, 33, 34, 35, 36, 156, 157, 158, 159,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 41, 42, 43, 44, 47, 62, 160, 161,
    162, 163, 63, 64, 164, 0, 26, 29, 89, 33, 34, 35, 36, 156, 165, 157,
    166, 48, 49, 50, 51, 47, 62, 160, 161, 167, 63, 0, 1, 20, 22, 23, 84,
    25, 26, 27, 28, 30, 33, 34, 35, 36, 168, 169, 170, 171, 172, 40, 45,
    46, 9, 10, 48, 49, 50, 51, 52, 53, 54, 55, 56, 32, 62, 173, 174, 175,
    60, 176, 177, 66, 178, 0, 1, 20, 22, 23, 84, 25, 26, 27, 28, 30, 33,
    34, 35, 36, 168, 179, 180, 171, 172, 40, 45, 46, 9, 10, 48, 49, 50,
    51, 52, 53, 54, 55, 56, 32, 62, 173, 181, 182, 60, 176, 66, 178, 0,
    20, 23, 84, 24, 26, 28, 29, 30, 33, 34, 35, 36, 183, 184, 185, 48, 49,
    50, 51, 52, 53, 54, 55, 56, 41, 42, 43, 44, 62, 186, 187, 64, 0, 26,
    29, 188, 189, 190, 191, 53, 62, 192, 193, 0, 194, 195, 20, 22, 26, 27,
    28, 30, 196, 197, 62, 0, 26, 29, 33, 34, 35, 36, 198, 199, 62, 200,
    201, 0, 26, 29, 33, 34, 202, 203, 204, 62, 205, 206, 207, 0, 20, 26,
    208, 29, 30, 33, 34, 202, 203, 209, 62, 210, 205, 211, 212, 0, 20, 26,
    28, 30, 33, 34, 213, 214, 62, 210, 215, 0, 20, 26, 27, 28, 29, 30, 33,
    34, 35, 36, 216, 217, 218, 219, 220, 53, 62, 205, 221, 222, 0, 20, 26,
    27, 89, 30, 33, 34, 35, 223, 224, 62, 221, 225, 226, 0, 1, 2, 3, 4,
    5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
    24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57,
    58, 59, 60, 61, 62, 63, 64, 65, 66, 0, 1, 67, 68, 69, 70, 71, 72, 73,
    74, 75, 76, 77, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 33, 34,
    35, 36, 40, 41, 42, 43, 44, 45, 46, 47, 9, 10, 11, 12, 13, 14, 15, 16,
    17, 18, 19, 48, 49, 50, 51, 52, 53, 54, 55, 56, 32, 37, 38, 39, 78,
    79, 80, 62, 63, 60, 61, 64, 66, 65, 0, 1, 20, 22, 23, 84, 25, 26, 27,
    28, 30, 33, 34, 35, 36, 168, 169, 170, 171, 172, 40, 45, 46, 9, 10,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 32, 62, 173, 174, 175, 60, 176,
    177, 66, 178, 0, 1, 20, 22, 23, 84, 25, 26, 27, 28, 30, 33, 34, 35,
    36, 168, 179, 180, 171, 172, 40, 45, 46, 9, 10, 48, 49, 50, 51, 52,
    53, 54, 55, 56, 32, 62, 173, 181, 182, 60, 176, 66, 178,
};
static const struct {
  const char *op;
  unsigned short first, n;
} tc_fp_ops[] = {
    {"CONV_2D", 0, 134},
    {"DEPTHWISE_CONV_2D", 67, 140},
    {"FULLY_CONNECTED", 137, 40},
    {"SOFTMAX", 177, 42},
    {"LOGISTIC", 219, 36},
    {"ADD", 255, 50},
    {"SUB", 305, 50},
    {"MUL", 355, 42},
    {"RELU", 397, 36},
    {"RELU6", 433, 30},
    {"LEAKY_RELU", 463, 40},
    {"HARD_SWISH", 503, 36},
    {"QUANTIZE", 539, 36},
    {"DEQUANTIZE", 575, 22},
    {"MAX_POOL_2D", 597, 88},
    {"AVERAGE_POOL_2D", 641, 86},
    {"MEAN", 684, 33},
    {"PAD", 717, 11},
    {"CONCATENATION", 728, 12},
    {"TRANSPOSE", 740, 12},
    {"RESHAPE", 752, 12},
    {"SQUEEZE", 764, 16},
    {"SHAPE", 780, 12},
    {"STRIDED_SLICE", 792, 21},
    {"PACK", 813, 15},
};

#endif
