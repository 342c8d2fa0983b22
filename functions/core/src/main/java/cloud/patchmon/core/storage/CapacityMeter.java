package cloud.patchmon.core.storage;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;

/**
 * SDK interceptor that asks DynamoDB for the capacity every call consumes and adds it to the
 * tally of the scope open on the calling thread (one scope per API request or benchmark
 * operation). Calls outside any scope are not counted.
 */
public final class CapacityMeter implements ExecutionInterceptor {

    private final ThreadLocal<Scope> current = new ThreadLocal<>();

    /** Opens a scope on this thread; nested scopes also count into their parent. */
    public Scope open() {
        Scope scope = new Scope(current.get());
        current.set(scope);
        return scope;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (request instanceof PutItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof GetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof UpdateItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof DeleteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof QueryRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof ScanRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchWriteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchGetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactWriteItemsRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactGetItemsRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Scope scope = current.get();
        if (scope == null) {
            return;
        }
        SdkResponse response = context.response();
        boolean write = isWrite(context.request());
        response.getValueForField("ConsumedCapacity", Object.class).ifPresent(value -> {
            if (value instanceof ConsumedCapacity single) {
                scope.add(single, write);
            } else if (value instanceof List<?> many) {
                many.stream().filter(ConsumedCapacity.class::isInstance).map(ConsumedCapacity.class::cast)
                        .forEach(capacity -> scope.add(capacity, write));
            }
        });
        scope.countCall();
    }

    /** Capacity consumed so far in a scope. */
    public record Tally(double readUnits, double writeUnits, int calls) {
    }

    /** A measuring scope; close it on the thread that opened it. */
    public final class Scope implements AutoCloseable {
        private final Scope parent;
        private double readUnits;
        private double writeUnits;
        private int calls;

        private Scope(Scope parent) {
            this.parent = parent;
        }

        private void add(ConsumedCapacity capacity, boolean write) {
            // On-demand tables may report only the total; reads and writes never mix in one call.
            double units = capacity.capacityUnits() != null ? capacity.capacityUnits()
                    : value(capacity.readCapacityUnits()) + value(capacity.writeCapacityUnits());
            for (Scope s = this; s != null; s = s.parent) {
                if (write) {
                    s.writeUnits += units;
                } else {
                    s.readUnits += units;
                }
            }
        }

        private void countCall() {
            for (Scope s = this; s != null; s = s.parent) {
                s.calls++;
            }
        }

        public Tally tally() {
            return new Tally(readUnits, writeUnits, calls);
        }

        @Override
        public void close() {
            if (parent == null) {
                current.remove();
            } else {
                current.set(parent);
            }
        }
    }

    private static boolean isWrite(SdkRequest request) {
        return request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof BatchWriteItemRequest
                || request instanceof TransactWriteItemsRequest;
    }

    private static double value(Double units) {
        return units == null ? 0 : units;
    }
}
