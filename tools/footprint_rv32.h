/* The runtime's footprint on rv32imc -Os (ESP32-C3 ISA), measured: do not edit.
 * Regenerate with `make bench-rv32`, which runs
 *   sh ports/rv32-qemu/footprint.sh BUILD tools/footprint_rv32.h
 * (sizes from the runners' link maps, ports/rv32-qemu/sizes.sh).
 * Compiler: riscv64-unknown-elf-gcc (12.2.0-14+deb12u1+11+b2) 12.2.0, picolibc. */
#ifndef TC_FOOTPRINT_RV32_H
#define TC_FOOTPRINT_RV32_H

/* Loader, verifier, planner, interpreter: .text + .rodata. */
#define TC_FP_CORE_FLASH 11919u
/* The runtime's .data + .bss (every kernel linked). */
#define TC_FP_STATIC_RAM 0u
/* Deepest painted stack of load, init and invoke; of tc_model_arena_size
 * (demo and benchmark models, -Os and -O2): runtime.h TC_STACK_NEED and
 * TC_ARENA_SIZE_STACK. */
#define TC_FP_STACK 1515u
#define TC_FP_ARENA_SIZE_STACK 9143u

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
    444, /* .text.tc_conv_geom_init@conv_common.o */
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
    16, /* .text.build@interp.o+ */
    4, /* .text.tc_measuring@interp.o */
    10, /* .text.tc_scratch@interp.o */
    8, /* .text.tc_overlap@interp.o */
    92, /* .text.tc_fail@interp.o */
    42, /* .text.tc_opt_i32@interp.o */
    42, /* .text.tc_opt_u8@interp.o */
    30, /* .text.tc_numel@interp.o */
    2, /* .text.tc_model_arena_size@interp.o+ */
    4, /* .text.tensor_read@model.o+ */
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
    74, /* .text.tc_check_per_tensor@quant.o */
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
    381, /* .rodata.tc_conv_geom_init.str1.4@conv_common.o */
    862, /* .rodata.tc_conv_prepare.str1.4@conv_common.o */
    21, /* .rodata.tc_fail.str1.4@interp.o */
    77, /* .rodata.tc_check_per_tensor.str1.4@quant.o */
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
    1214, /* .text.fc_prepare@fully_connected.o */
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
    284, /* .text.logistic_invoke@logistic.o */
    398, /* .text.logistic_prepare@logistic.o */
    4, /* .text.tc_round@quant.o */
    48, /* .text.tc_fp_logistic@fixedpoint.o */
    344, /* .rodata.logistic_prepare.str1.4@logistic.o */
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
    270, /* .text.quantize_prepare@quantize.o */
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
    730, /* .text.mean_prepare@reduce.o */
    573, /* .rodata.mean_prepare.str1.4@reduce.o */
    16, /* .rodata.tc_kernel_mean@reduce.o */
    74, /* .text.tc_index_at@interp.o */
    528, /* .text.pad_prepare@pad.o */
    56, /* .text.fill_elems@pad.o */
    432, /* .text.pad_invoke@pad.o */
    687, /* .rodata.pad_prepare.str1.4@pad.o */
    16, /* .rodata.tc_kernel_pad@pad.o */
    156, /* .text.concat_invoke@concatenation.o */
    380, /* .text.concat_prepare@concatenation.o */
    473, /* .rodata.concat_prepare.str1.4@concatenation.o */
    16, /* .rodata.tc_kernel_concatenation@concatenation.o */
    416, /* .text.transpose_invoke@transpose.o */
    322, /* .text.transpose_prepare@transpose.o */
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
    416, /* .text.ss_resolve@reshape.o */
    546, /* .text.strided_slice_prepare@reshape.o */
    288, /* .text.strided_slice_invoke@reshape.o */
    639, /* .rodata.strided_slice_prepare.str1.4@reshape.o */
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
    54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 0, 1, 69,
    70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 32, 35, 36, 37, 38, 42, 43, 44, 45, 46, 47, 48, 49,
    9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 50, 51, 52, 53, 54, 55, 56,
    57, 58, 34, 39, 40, 41, 80, 81, 82, 64, 65, 62, 63, 66, 68, 67, 0, 83,
    84, 85, 20, 21, 22, 23, 86, 26, 28, 29, 30, 32, 35, 36, 37, 38, 42,
    43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 87, 88,
    64, 89, 66, 68, 0, 20, 23, 86, 26, 90, 29, 91, 30, 32, 35, 36, 37, 38,
    92, 93, 94, 50, 51, 52, 53, 54, 55, 56, 57, 58, 95, 96, 97, 98, 99,
    100, 101, 43, 44, 45, 64, 102, 103, 104, 105, 66, 106, 0, 23, 86, 26,
    29, 91, 30, 107, 108, 35, 36, 37, 38, 109, 44, 45, 46, 50, 51, 52, 53,
    54, 55, 56, 57, 58, 97, 99, 100, 110, 64, 111, 112, 104, 113, 114, 0,
    115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 20, 21, 22, 23, 86,
    26, 28, 30, 32, 35, 36, 37, 38, 42, 43, 44, 45, 46, 47, 48, 49, 50,
    51, 52, 53, 54, 55, 56, 57, 58, 125, 126, 127, 64, 65, 128, 66, 129,
    68, 0, 115, 130, 117, 118, 131, 120, 121, 122, 123, 124, 20, 21, 22,
    23, 86, 26, 28, 30, 32, 35, 36, 37, 38, 42, 43, 44, 45, 46, 47, 48,
    49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 125, 132, 127, 64, 65, 128,
    66, 129, 68, 0, 20, 23, 86, 26, 28, 30, 32, 133, 134, 35, 36, 37, 38,
    42, 43, 44, 45, 46, 47, 48, 49, 120, 121, 122, 123, 124, 50, 51, 52,
    53, 54, 55, 56, 57, 58, 64, 135, 136, 65, 127, 66, 68, 0, 137, 138,
    139, 140, 22, 23, 86, 26, 29, 91, 30, 35, 36, 37, 38, 43, 44, 45, 46,
    49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 141, 142, 143, 144, 64, 65,
    66, 0, 145, 138, 146, 22, 23, 86, 26, 29, 91, 30, 35, 36, 37, 38, 49,
    50, 51, 52, 53, 54, 55, 56, 57, 58, 141, 142, 147, 64, 65, 148, 0, 149,
    138, 139, 150, 20, 22, 23, 86, 26, 90, 29, 91, 30, 32, 35, 36, 37, 38,
    43, 44, 45, 46, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 95, 141, 142,
    143, 151, 64, 65, 66, 0, 152, 138, 139, 153, 154, 22, 23, 86, 26, 29,
    91, 30, 35, 36, 37, 38, 43, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    141, 142, 143, 155, 156, 64, 65, 66, 148, 0, 23, 86, 26, 29, 91, 30,
    35, 36, 37, 38, 157, 158, 159, 160, 50, 51, 52, 53, 54, 55, 56, 57,
    58, 43, 44, 45, 46, 49, 64, 161, 162, 163, 164, 65, 66, 165, 0, 26,
    29, 91, 30, 35, 36, 37, 38, 157, 166, 158, 167, 50, 51, 52, 49, 64,
    161, 162, 168, 65, 0, 1, 20, 23, 86, 25, 26, 27, 28, 30, 32, 35, 36,
    37, 38, 169, 170, 171, 172, 173, 42, 47, 48, 9, 10, 50, 51, 52, 53,
    54, 55, 56, 57, 58, 34, 64, 174, 175, 176, 62, 177, 178, 68, 179, 0,
    1, 20, 23, 86, 25, 26, 27, 28, 30, 32, 35, 36, 37, 38, 169, 180, 181,
    172, 173, 42, 47, 48, 9, 10, 50, 51, 52, 53, 54, 55, 56, 57, 58, 34,
    64, 174, 182, 183, 62, 177, 68, 179, 0, 20, 23, 86, 24, 26, 28, 29,
    30, 32, 35, 36, 37, 38, 184, 185, 186, 50, 51, 52, 53, 54, 55, 56, 57,
    58, 43, 44, 45, 46, 64, 187, 188, 66, 0, 26, 29, 189, 30, 190, 191,
    192, 55, 64, 193, 194, 0, 195, 196, 20, 22, 26, 27, 28, 30, 32, 55,
    197, 198, 64, 0, 26, 29, 189, 30, 35, 36, 37, 38, 199, 200, 64, 201,
    202, 0, 26, 29, 30, 35, 36, 203, 204, 205, 64, 206, 207, 208, 0, 20,
    26, 209, 29, 30, 32, 35, 36, 203, 204, 210, 55, 64, 211, 206, 212, 213,
    0, 20, 26, 28, 30, 32, 35, 36, 214, 215, 64, 211, 216, 0, 20, 26, 27,
    28, 29, 189, 30, 32, 35, 36, 37, 38, 217, 218, 219, 220, 55, 64, 221,
    222, 0, 20, 26, 27, 91, 30, 32, 35, 36, 37, 223, 224, 55, 64, 221, 225,
    226, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
    36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
    53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 0, 1,
    69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 20, 21, 22, 23, 24, 25,
    26, 27, 28, 29, 30, 32, 35, 36, 37, 38, 42, 43, 44, 45, 46, 47, 48,
    49, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 50, 51, 52, 53, 54, 55,
    56, 57, 58, 34, 39, 40, 41, 80, 81, 82, 64, 65, 62, 63, 66, 68, 67,
    0, 1, 20, 23, 86, 25, 26, 27, 28, 30, 32, 35, 36, 37, 38, 169, 170,
    171, 172, 173, 42, 47, 48, 9, 10, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    34, 64, 174, 175, 176, 62, 177, 178, 68, 179, 0, 1, 20, 23, 86, 25,
    26, 27, 28, 30, 32, 35, 36, 37, 38, 169, 180, 181, 172, 173, 42, 47,
    48, 9, 10, 50, 51, 52, 53, 54, 55, 56, 57, 58, 34, 64, 174, 182, 183,
    62, 177, 68, 179,
};
static const struct {
  const char *op;
  unsigned short first, n;
} tc_fp_ops[] = {
    {"CONV_2D", 0, 138},
    {"DEPTHWISE_CONV_2D", 69, 142},
    {"FULLY_CONNECTED", 140, 40},
    {"SOFTMAX", 180, 43},
    {"LOGISTIC", 223, 36},
    {"ADD", 259, 50},
    {"SUB", 309, 50},
    {"MUL", 359, 43},
    {"RELU", 402, 37},
    {"RELU6", 439, 31},
    {"LEAKY_RELU", 470, 41},
    {"HARD_SWISH", 511, 37},
    {"QUANTIZE", 548, 37},
    {"DEQUANTIZE", 585, 22},
    {"MAX_POOL_2D", 607, 88},
    {"AVERAGE_POOL_2D", 651, 86},
    {"MEAN", 694, 34},
    {"PAD", 728, 12},
    {"CONCATENATION", 740, 14},
    {"TRANSPOSE", 754, 14},
    {"RESHAPE", 768, 13},
    {"SQUEEZE", 781, 18},
    {"SHAPE", 799, 13},
    {"STRIDED_SLICE", 812, 21},
    {"PACK", 833, 17},
};

#endif
